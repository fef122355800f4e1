/// <reference types="vite/client" />
interface ImportMetaEnv {
  readonly VITE_CARTKIT_API?: string;
}
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
