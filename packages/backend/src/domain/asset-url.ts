/**
 * Resolves a URL the catalog stores (often root-relative, `/assets/products/TEE-CLASSIC.svg`)
 * against the deployment's public base, so it works on whatever page embeds the element.
 * Absolute URLs are kept; anything that does not parse is left as it is.
 *
 * @example
 * ```ts
 * absoluteUrl('/assets/products/TEE-CLASSIC.svg', 'https://d111.cloudfront.net');
 * // 'https://d111.cloudfront.net/assets/products/TEE-CLASSIC.svg'
 * ```
 */
export function absoluteUrl(url: string, base: string): string {
  if (url === '' || /^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}
