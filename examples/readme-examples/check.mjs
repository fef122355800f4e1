#!/usr/bin/env node
// Compiles every code example of packages/*/README.md against the BUILT packages
// (their dist/*.d.ts, what npm ships), with a strict tsc, as a user's project would.
//
// - Fenced blocks tagged ts, tsx or js are examples; each becomes its own module
//   (js ones are checked too: checkJs). Blocks tagged `ts signatures` are API
//   listings (interfaces written for reading, not programs) and are skipped, as are
//   html, css, sh, http and vue blocks (no vue-tsc here).
// - A tsx block compiles with React's JSX; a `/** @jsxImportSource preact */` or
//   `solid-js` pragma in the block selects that framework's.
// - Every file of the program also sees `import '@cartkit/cart-element'` types
//   (env.d.ts), as a page that uses the element has.
// - Two deliberately wrong snippets must fail, so the check cannot pass by checking nothing.
//
// Prints one line per example and writes {passed, failed} to TEST_SUMMARY_FILE
// (scripts/test-all.mjs). Run: `node examples/readme-examples/check.mjs`
// (SKIP_BUILD=1 reuses the packages' dist/).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const out = join(here, '.examples');

function sh(cmd, args, cwd) {
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

// 1. The packages as they are published.
if (!process.env.SKIP_BUILD) {
  const builds = [
    ['pnpm', ['--filter', '@cartkit/contract', '--filter', '@cartkit/cart-sdk', 'run', 'build']],
    ['pnpm', ['--filter', '@cartkit/cart-element', 'exec', 'tsup']],
    ['pnpm', ['--filter', '@cartkit/react', '--filter', '@cartkit/vue', 'run', 'build']],
  ];
  for (const [cmd, args] of builds) {
    const { status, output } = sh(cmd, args, root);
    if (status !== 0) {
      console.error(output.split('\n').slice(-30).join('\n'));
      report(0, 1);
      process.exit(1);
    }
  }
}

// 2. The examples.
const FENCE = /^```([^\n]*)\n([\s\S]*?)^```$/gm;
const EXT = { ts: 'ts', typescript: 'ts', tsx: 'tsx', js: 'js' };
const examples = [];
for (const pkg of readdirSync(join(root, 'packages')).sort()) {
  let readme;
  try {
    readme = readFileSync(join(root, 'packages', pkg, 'README.md'), 'utf8');
  } catch {
    continue;
  }
  for (const match of readme.matchAll(FENCE)) {
    const [lang, ...info] = match[1].trim().split(/\s+/);
    if (!EXT[lang] || info.includes('signatures')) continue;
    const line = readme.slice(0, match.index).split('\n').length;
    examples.push({ name: `packages/${pkg}/README.md:${line}`, ext: EXT[lang], code: match[2], expectError: false });
  }
}
// The check's own controls: each must fail to compile.
examples.push(
  {
    name: 'control: a cart:open listener reading a detail field that does not exist',
    ext: 'ts',
    code: "document.addEventListener('cart:open', (e) => e.detail.order);\n",
    expectError: true,
  },
  {
    name: 'control: comparing a NetworkError code to another code',
    ext: 'ts',
    code: "import type { NetworkError } from '@cartkit/cart-sdk';\ndeclare const e: NetworkError;\nif (e.code === 'TIMEOUT') console.log(e);\n",
    expectError: true,
  },
  {
    name: 'control: Preact <add-to-cart> without its sku (the README declares the tags)',
    ext: 'tsx',
    code: '/** @jsxImportSource preact */\nexport const x = <add-to-cart quantity={2} />;\n',
    expectError: true,
  },
  {
    name: 'control: Solid <add-to-cart> with a string quantity',
    ext: 'tsx',
    code: '/** @jsxImportSource solid-js */\nexport const x = <add-to-cart sku="MUG-STONE" quantity="2" />;\n',
    expectError: true,
  },
);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const dist = (pkg, file = 'index') => [relative(out, join(root, 'packages', pkg, 'dist', `${file}.d.ts`))];
writeFileSync(join(out, 'env.d.ts'), "import type {} from '@cartkit/cart-element';\n");
const files = examples.map((example, i) => {
  const file = `example-${String(i).padStart(2, '0')}.${example.ext}`;
  const code = /^\s*(import|export)\s/m.test(example.code) ? example.code : `${example.code}\nexport {};\n`;
  writeFileSync(join(out, file), code);
  return file;
});
const tsconfig = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    types: ['node'],
    strict: true,
    noEmit: true,
    allowJs: true,
    checkJs: true,
    jsx: 'react-jsx',
    skipLibCheck: true,
    noUnusedLocals: false,
    paths: {
      '@cartkit/contract': dist('contract'),
      '@cartkit/contract/values': dist('contract', 'values'),
      '@cartkit/contract/quote-rules': dist('contract', 'quote-rules'),
      '@cartkit/cart-sdk': dist('cart-sdk'),
      '@cartkit/cart-element': dist('cart-element'),
      '@cartkit/react': dist('react'),
      '@cartkit/vue': dist('vue'),
    },
  },
  files: ['env.d.ts', ...files],
};
writeFileSync(join(out, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);

// 3. One tsc over all of them; errors are attributed to their example.
const tsc = join(root, 'node_modules/.bin/tsc');
const { output } = sh(tsc, ['-p', 'tsconfig.json', '--pretty', 'false'], out);
const errors = new Map();
const stray = [];
for (const line of output.split('\n')) {
  const m = line.match(/^(example-\d+\.\w+)\(\d+,\d+\): error/);
  if (m) errors.set(m[1], [...(errors.get(m[1]) ?? []), line]);
  else if (/error TS\d+/.test(line)) stray.push(line);
}
let passed = 0;
let failed = 0;
examples.forEach((example, i) => {
  const found = errors.get(files[i]) ?? [];
  const ok = example.expectError ? found.length > 0 : found.length === 0;
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${example.name}${example.expectError ? ' (must not compile)' : ''}`);
  if (!ok && !example.expectError) for (const line of found) console.log(`       ${line}`);
});
if (stray.length > 0) {
  failed += 1;
  console.log(`FAIL errors outside the examples:\n       ${stray.join('\n       ')}`);
}
console.log(`${passed} passed, ${failed} failed`);
report(passed, failed);
if (!process.env.KEEP_EXAMPLES) rmSync(out, { recursive: true, force: true });
process.exit(failed > 0 ? 1 : 0);

function report(p, f) {
  if (process.env.TEST_SUMMARY_FILE)
    writeFileSync(process.env.TEST_SUMMARY_FILE, JSON.stringify({ passed: p, failed: f }));
}
