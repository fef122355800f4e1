/// <reference types="vite/client" />
interface ImportMetaEnv {
  readonly VITE_CARTKIT_API?: string;
}
