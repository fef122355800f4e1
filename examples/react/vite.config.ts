import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API URL comes from VITE_CARTKIT_API at build time (default: `pnpm start`'s stack).
export default defineConfig({ plugins: [react()] });
