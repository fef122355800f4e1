/**
 * Registers `tag` unless something already did (a second copy of the script,
 * or a bundler and the CDN build on one page): registering twice is harmless.
 *
 * @example
 * ```ts
 * define('shopping-cart', ShoppingCart);
 * ```
 */
export function define(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
