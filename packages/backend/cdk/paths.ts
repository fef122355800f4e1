import { fileURLToPath } from 'node:url';

/** `packages/backend`, wherever the checkout lives. */
export const BACKEND_DIR = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

/** The pnpm workspace root: esbuild's project root, holding `pnpm-lock.yaml`. */
export const WORKSPACE_ROOT = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');
