import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// <shopping-cart> and <add-to-cart> are custom elements, not Vue components.
// The API URL comes from VITE_CARTKIT_API at build time (default: `pnpm start`'s stack).
export default defineConfig({
  plugins: [
    vue({
      template: { compilerOptions: { isCustomElement: (tag) => tag === 'shopping-cart' || tag === 'add-to-cart' } },
    }),
  ],
});
