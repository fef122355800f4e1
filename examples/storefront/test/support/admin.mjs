// Shared by the admin journeys: make an account a shop admin, sign in to /admin/, and check a
// page with axe-core (WCAG 2.x A and AA rules) in the real browser.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { origin } from './e2e.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** `pnpm admin:grant <email> --endpoint <cognito-local>` (the command `pnpm start` prints). */
export async function grantAdmin(email) {
  const config = await (await fetch(`${origin()}/api/config`)).json();
  assert.ok(config.cognitoEndpoint, 'GET /config names cognito-local');
  const run = spawnSync('pnpm', ['-s', 'admin:grant', email, '--endpoint', config.cognitoEndpoint], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, `admin:grant: ${run.stderr}`);
}

/** Signs in on the admin page's form and waits for the products section. */
export async function adminSignIn(page, email, password) {
  await page.goto('/admin/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Products' }).waitFor({ timeout: 15_000 });
}

/** The admin page's section `name` (its nav link), loaded. */
export async function openSection(page, link, heading = link) {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: link }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await page.locator('.loading').waitFor({ state: 'detached' });
}

/** axe-core's violations on the page as it is now (WCAG 2.0/2.1/2.2 A and AA rules), as readable lines. */
export async function axeViolations(page) {
  // Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') does not apply.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return result.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  });
  return violations;
}
