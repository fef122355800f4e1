#!/usr/bin/env node
// Runs every test suite of the workspace, one after another, and prints one
// closing line `N passed, N failed` summing them all (CI reads that line).
// Each suite reports its counts in a JSON file whose path it gets in
// TEST_SUMMARY_FILE: vitest through its JSON reporter, the others through
// their own small reporters. A suite that crashes before reporting counts as
// one failure, so a broken suite can never look green.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);
// CARTKIT_EXTRA_NODES=22,24 (what .ci/run sets): after the whole suite on this Node, the
// suites marked `everyNode` run again on each of those Node majors, binaries from the
// npm registry (`npx -p node@N`); the browser and e2e suites run on this Node only.
const extraNodes = (process.env.CARTKIT_EXTRA_NODES ?? '')
  .split(',')
  .map((v) => v.trim())
  .filter(Boolean);

/** The suites, in the order they run. `vitest: true` adds the JSON reporter. */
const SUITES = [
  { name: 'contract', everyNode: true, cwd: 'packages/contract', cmd: ['npx', 'vitest', 'run'], vitest: true },
  { name: 'backend', everyNode: true, cwd: 'packages/backend', cmd: ['npx', 'vitest', 'run'], vitest: true },
  {
    name: 'cdk',
    cwd: 'packages/backend',
    cmd: ['npx', 'vitest', 'run', '--config', 'cdk/vitest.config.ts'],
    vitest: true,
  },
  { name: 'cart-sdk', everyNode: true, cwd: 'packages/cart-sdk', cmd: ['npx', 'vitest', 'run'], vitest: true },
  { name: 'react', cwd: 'packages/react', cmd: ['npx', 'vitest', 'run'], vitest: true },
  { name: 'vue', cwd: 'packages/vue', cmd: ['npx', 'vitest', 'run'], vitest: true },
  { name: 'cart-element', cwd: 'packages/cart-element', cmd: ['pnpm', 'run', 'test'], vitest: false },
  // Every ts/tsx/js example of packages/*/README.md, compiled against the built packages.
  { name: 'readme', cwd: 'examples/readme-examples', cmd: ['node', 'check.mjs'], vitest: false },
  { name: 'e2e', cwd: 'examples/storefront', cmd: ['pnpm', 'run', 'test:e2e'], vitest: false },
];

const dir = mkdtempSync(join(tmpdir(), 'cartkit-tests-'));
let passed = 0;
let failed = 0;
const lines = [];

const runs = SUITES.map((suite) => ({ suite, node: undefined }));
for (const version of extraNodes) {
  for (const suite of SUITES) if (suite.everyNode) runs.push({ suite, node: version });
}
const nodeBins = {};

for (const { suite, node } of runs) {
  if (only.length > 0 && !only.includes(suite.name)) continue;
  const cwd = join(root, suite.cwd);
  if (!existsSync(cwd) || (suite.name === 'cdk' && !existsSync(join(cwd, 'cdk/vitest.config.ts')))) continue;
  if (suite.name === 'e2e' && !existsSync(join(cwd, 'package.json'))) continue;
  const label = node ? `${suite.name}@node${node}` : suite.name;
  const summary = join(dir, `${label}.json`);
  let env = { ...process.env, TEST_SUMMARY_FILE: summary };
  if (node) {
    nodeBins[node] ??= nodeBinDir(node);
    if (!nodeBins[node]) {
      failed += 1;
      lines.push(`${label.padEnd(22)}     0 passed    1 failed  (node ${node} could not be fetched)`);
      continue;
    }
    env = { ...env, PATH: `${nodeBins[node]}:${process.env.PATH}` };
  }
  const args = suite.vitest
    ? [...suite.cmd, '--reporter=default', '--reporter=json', `--outputFile.json=${summary}`]
    : suite.cmd;
  const started = Date.now();
  console.log(`\n=== ${label}: ${args.join(' ')} (in ${suite.cwd}${node ? `, Node ${node}` : ''})`);
  const code = await run(args, cwd, env);
  const counts = readCounts(summary, suite.vitest);
  let { passed: p, failed: f } = counts ?? { passed: 0, failed: 0 };
  if (code !== 0 && f === 0) f = 1; // crashed, or failed outside a test (e.g. a failing setup)
  passed += p;
  failed += f;
  lines.push(
    `${label.padEnd(22)} ${String(p).padStart(5)} passed ${String(f).padStart(4)} failed  ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

console.log('\n=== summary');
for (const line of lines) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

/** The folder of Node `major`'s binary from the npm registry (`npx -y -p node@major`), or undefined. */
function nodeBinDir(major) {
  const result = spawnSync('npx', ['-y', '-p', `node@${major}`, 'node', '-p', 'process.execPath'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const path = result.stdout?.trim().split('\n').at(-1);
  return result.status === 0 && path ? dirname(path) : undefined;
}

function run(args, cwd, env) {
  return new Promise((resolve) => {
    const child = spawn(args[0], args.slice(1), { cwd, env, stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
    child.on('error', () => resolve(1));
  });
}

function readCounts(file, vitest) {
  if (!existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8'));
    if (vitest) {
      return { passed: data.numPassedTests ?? 0, failed: (data.numFailedTests ?? 0) + (data.numFailedTestSuites ?? 0) };
    }
    return { passed: Number(data.passed) || 0, failed: Number(data.failed) || 0 };
  } catch {
    return undefined;
  }
}
