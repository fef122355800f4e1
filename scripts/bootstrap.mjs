#!/usr/bin/env node
// `npm start` / `npm test` on a fresh machine: no pnpm, no workspace install needed.
// Uses the pnpm pinned in package.json's `packageManager` (the installed one when it
// is that version, else `npx -y pnpm@<pinned>`), installs the workspace when
// node_modules is missing or older than the lockfile, says in one line how to
// install Java or Chromium when they are missing, then runs `pnpm run <script>`.
//   node scripts/bootstrap.mjs start   -> pnpm run start:stack
//   node scripts/bootstrap.mjs test    -> pnpm run test:all (prints "N passed, N failed" last)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const [task, ...rest] = process.argv.slice(2);
const SCRIPTS = { start: 'start:stack', test: 'test:all' };
if (!SCRIPTS[task]) {
  console.error(`usage: node scripts/bootstrap.mjs ${Object.keys(SCRIPTS).join('|')}`);
  process.exit(2);
}
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.replace(/^pnpm@/, '');

const quiet = { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] };
const installed = spawnSync('pnpm', ['--version'], quiet).stdout?.trim();
/** The pnpm command: the installed one if it is the pinned version, else the pinned one through npx. */
const pnpm = installed === pinned ? ['pnpm'] : ['npx', '-y', `pnpm@${pinned}`];
if (installed !== pinned) console.log(`# pnpm ${pinned} through npx (found ${installed || 'none'})`);

function run(args) {
  const result = spawnSync(pnpm[0], [...pnpm.slice(1), ...args], { cwd: root, stdio: 'inherit' });
  return result.status ?? 1;
}

const marker = join(root, 'node_modules/.modules.yaml');
const lock = join(root, 'pnpm-lock.yaml');
if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
  console.log('# installing the workspace (pnpm install --frozen-lockfile)');
  if (run(['install', '--frozen-lockfile']) !== 0) process.exit(1);
}

const has = (cmd, args) => spawnSync(cmd, args, quiet).status === 0;
if (!has('java', ['-version'])) {
  console.log(
    '# Java 17+ is missing (DynamoDB Local needs it): apt-get install default-jre-headless (or brew install openjdk)',
  );
}
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (task === 'test' && !existsSync(chromium)) {
  console.log(
    `# Chromium is missing at ${chromium} (browser tests need it): apt-get install chromium, or set CHROMIUM_PATH`,
  );
}

process.exit(run(['run', '--silent', SCRIPTS[task], ...rest]));
