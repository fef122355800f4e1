// How every test, journey and benchmark of the workspace starts Chromium:
// Debian's /usr/bin/chromium (CHROMIUM_PATH overrides it), headless, with the
// flags that make it start as root in a container and stay off the network
// (see /work/shared/TOOLCHAIN.md). One list, so a flag added for one runner
// reaches them all.

/** The flags every launch passes. `--no-sandbox` is required as root. */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-dev-shm-usage',
]);

/**
 * For pages whose document comes from route interception, which Chromium
 * counts as a public address: its Local Network Access checks would then block
 * requests and WebSockets to 127.0.0.1.
 */
export const ALLOW_LOCAL_NETWORK = Object.freeze([
  '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests',
]);

/** The Chromium binary: CHROMIUM_PATH, else Debian's. */
export function chromiumPath() {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/**
 * Launch options for playwright-core's `chromium.launch()` (and wtr's playwrightLauncher).
 * @example
 *   const browser = await chromium.launch(chromiumLaunchOptions({ extraArgs: ALLOW_LOCAL_NETWORK }));
 * @param {{ extraArgs?: readonly string[] }} [options]
 */
export function chromiumLaunchOptions({ extraArgs = [] } = {}) {
  return { executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] };
}
