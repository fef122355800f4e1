// Starts the local stack on a free port (or PORT) for working on the storefront
// and prints its URL; Ctrl-C stops it. `pnpm start` at the root does the same on 3000.
import { startLocalStack } from '../../../packages/backend/src/local/stack.ts';

const stack = await startLocalStack({ port: Number(process.env.PORT ?? 0), quiet: true });
console.log(stack.storefrontUrl);
const stop = () => void stack.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
