import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromiumLaunchOptions } from '../../scripts/chromium.mjs';
import { countReporter } from './scripts/count-reporter.mjs';

const require = createRequire(import.meta.url);
const resultsDir = join(dirname(fileURLToPath(import.meta.url)), 'test-results');
const mswWorker = readFileSync(require.resolve('msw/mockServiceWorker.js'), 'utf8');

/**
 * `executeServerCommand('screenshot', { name })` from a test: a PNG of the page in
 * test-results/<name>.png, to look at what a view really looks like.
 */
function screenshotPlugin() {
  return {
    name: 'screenshot',
    async executeCommand({ command, payload, session }) {
      if (command !== 'screenshot') return undefined;
      const name = String(payload?.name ?? 'screenshot').replace(/[^\w-]/g, '_');
      const page = session.browser.getPage(session.id);
      mkdirSync(resultsDir, { recursive: true });
      await page.screenshot({ path: join(resultsDir, `${name}.png`) });
      return true;
    },
  };
}

export default {
  files: ['test/**/*.test.ts', '!test/e2e/**'],
  rootDir: '../..',
  nodeResolve: { exportConditions: ['browser', 'development'] },
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  browsers: [playwrightLauncher({ product: 'chromium', launchOptions: chromiumLaunchOptions() })],
  plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' }), screenshotPlugin()],
  middleware: [
    function serveMswWorker(context, next) {
      if (context.path === '/mockServiceWorker.js') {
        context.type = 'application/javascript';
        context.set('Service-Worker-Allowed', '/');
        context.body = mswWorker;
        return undefined;
      }
      return next();
    },
  ],
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countReporter()],
};
