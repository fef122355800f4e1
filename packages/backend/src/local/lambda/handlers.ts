import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { meterAdd, meterEnabled, meteredInvocation } from '../../runtime/meter.js';

/** A Lambda handler export, whatever its event type. */
export type LambdaHandler = (event: never, context: Context) => Promise<unknown>;

/** Loads handler modules by file name, once each, on first use. */
export interface HandlerRegistry {
  /** The handler, or undefined when `<dir>/<name>.ts` does not exist (yet). */
  load(name: string): Promise<LambdaHandler | undefined>;
  /** Whether the handler file exists, without importing it. */
  has(name: string): Promise<boolean>;
  /**
   * A handler that imports the real one on its first call (a cold start), so
   * event sources can be wired up without paying for the import at start-up.
   */
  lazy(name: string): LambdaHandler;
}

/** The real handlers: `packages/backend/src/handlers/`. */
export const HANDLERS_DIR = fileURLToPath(new URL('../../handlers/', import.meta.url));

async function findFile(dir: string, name: string): Promise<string | undefined> {
  for (const ext of ['.ts', '.js', '.mjs']) {
    const file = join(dir, `${name}${ext}`);
    try {
      await access(file);
      return file;
    } catch {
      // try the next extension
    }
  }
  return undefined;
}

/**
 * Imports `<dir>/<name>.ts` lazily, as a Lambda cold start would, so the
 * handlers read `process.env` only after the stack has set it. Only a
 * successful import is cached: a handler fixed while the stack runs loads on
 * the next call (but edits to an already loaded one need a restart).
 *
 * @example
 * ```ts
 * const registry = createHandlerRegistry(HANDLERS_DIR);
 * const handler = await registry.load('cart-api');
 * ```
 */
export function createHandlerRegistry(dir: string = HANDLERS_DIR): HandlerRegistry {
  const cache = new Map<string, LambdaHandler>();
  const registry: HandlerRegistry = {
    has: async (name) => cache.has(name) || (await findFile(dir, name)) !== undefined,
    lazy: (name) => async (event, context) => {
      const handler = await registry.load(name);
      if (!handler) throw new Error(`handler file ${name} not found in ${dir}`);
      return handler(event, context);
    },
    async load(name) {
      const cached = cache.get(name);
      if (cached) return cached;
      const file = await findFile(dir, name);
      if (!file) return undefined;
      const module: { handler?: unknown } = await import(pathToFileURL(file).href);
      if (typeof module.handler !== 'function') throw new Error(`${name} does not export a handler function`);
      const handler = metered(name, module.handler as LambdaHandler);
      cache.set(name, handler);
      return handler;
    },
  };
  return registry;
}

/**
 * With CARTKIT_METER=1 (the bench's cost section), counts the function's invocations and the SQS
 * messages its event source delivers (each one a receive and a delete on AWS); else the handler itself.
 */
function metered(name: string, handler: LambdaHandler): LambdaHandler {
  if (!meterEnabled()) return handler;
  return (event, context) => {
    const records = (event as { Records?: { eventSource?: string }[] }).Records;
    const sqsMessages = records?.filter((record) => record.eventSource === 'aws:sqs').length ?? 0;
    if (sqsMessages > 0) meterAdd(`${name}|sqs|event source (messages)`, sqsMessages);
    return meteredInvocation(name, () => handler(event, context));
  };
}
