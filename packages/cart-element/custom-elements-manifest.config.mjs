// `cem analyze` reads this file. The published manifest describes what the package
// ships: the two public elements, declared in `dist/index.js` (the bundler entry) and
// defined by `dist/cdn/shopping-cart.js` too. The drawer's inner elements
// (<cart-auth-panel>, <cart-checkout>, <cart-orders>) are internal and left out, and
// no entry names a source file (`src/*.ts` is not in the tarball).
const PUBLIC_TAGS = ['add-to-cart', 'shopping-cart'];
const ENTRY = 'dist/index.js';
const CDN = 'dist/cdn/shopping-cart.js';

/** Points every local module reference (`src/x.ts`, `./x.js`) at the entry that ships it. */
function relink(value) {
  if (Array.isArray(value)) return value.map(relink);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = key === 'module' && typeof v === 'string' && /^(src\/|\.\.?\/)/.test(v) ? ENTRY : relink(v);
  }
  return out;
}

function shippedOnly() {
  return {
    name: 'cartkit-shipped-only',
    packageLinkPhase({ customElementsManifest: manifest }) {
      const elements = manifest.modules
        .flatMap((mod) => mod.declarations ?? [])
        .filter((d) => d.customElement && PUBLIC_TAGS.includes(d.tagName))
        .sort((a, b) => a.tagName.localeCompare(b.tagName));
      const found = elements.map((d) => d.tagName);
      if (found.join() !== PUBLIC_TAGS.join())
        throw new Error(`custom-elements.json: found ${found}, want ${PUBLIC_TAGS}`);
      const definitions = (module) =>
        elements.map((d) => ({
          kind: 'custom-element-definition',
          name: d.tagName,
          declaration: { name: d.name, module },
        }));
      manifest.modules = [
        {
          kind: 'javascript-module',
          path: ENTRY,
          declarations: relink(elements),
          exports: [
            ...elements.map((d) => ({ kind: 'js', name: d.name, declaration: { name: d.name, module: ENTRY } })),
            ...definitions(ENTRY),
          ],
        },
        { kind: 'javascript-module', path: CDN, declarations: [], exports: definitions(ENTRY) },
      ];
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.styles.ts'],
  litelement: true,
  plugins: [shippedOnly()],
};
