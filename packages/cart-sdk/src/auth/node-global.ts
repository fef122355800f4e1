/**
 * amazon-cognito-identity-js pulls in `buffer@4`, which reads Node's `global`
 * while its module evaluates (`global.TYPED_ARRAY_SUPPORT`). Browsers have no
 * `global`, and bundlers such as Vite and esbuild do not define it unless the app
 * configures them to, so without this the first auth call rejects with
 * `ReferenceError: global is not defined`.
 *
 * Called synchronously right before the Cognito chunk's `import()`: a plain
 * statement ahead of a dynamic import runs first under every bundler and every
 * chunking, which a side-effect `import` placed before the library does not
 * guarantee (a bundler may hoist the library's chunk above it, or drop it as
 * side-effect free). A page that already has a `global` keeps it.
 *
 * @example
 * ```ts
 * defineNodeGlobal();
 * const cognito = await import('./cognito.js');
 * ```
 */
export function defineNodeGlobal(): void {
  const scope = globalThis as { global?: unknown };
  if (scope.global === undefined) scope.global = globalThis;
}
