/**
 * A failure the local stack can explain in one line (missing `java`, port in
 * use, an emulator that did not come up). The CLI prints `message` alone, with
 * no stack trace; anything else is a bug and keeps its stack.
 *
 * @example
 * ```ts
 * throw new LocalStackError('java not found: DynamoDB Local needs Java 17+');
 * ```
 */
export class LocalStackError extends Error {
  override name = 'LocalStackError';
}

/** Type guard that also works across module copies (compares `name`). */
export function isLocalStackError(error: unknown): error is LocalStackError {
  return error instanceof LocalStackError || (error instanceof Error && error.name === 'LocalStackError');
}
