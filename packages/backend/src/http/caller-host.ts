/** Names of this machine that a browser treats alike for the local stack. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * A URL the API hands out (the realtime socket, the asset base), as one
 * request should see it. When the configured URL and the request's `Host` are
 * both loopback names with the same port (the local stack, reached as
 * `localhost` or `127.0.0.1`), the URL gets the host the caller used, so a CSP
 * written for the API's origin also allows the socket and the images. Anything
 * else (every deployed stack, a foreign `Host`) gets the configured URL
 * unchanged.
 *
 * @example
 * ```ts
 * onCallerHost('ws://localhost:3000/ws', '127.0.0.1:3000'); // 'ws://127.0.0.1:3000/ws'
 * onCallerHost('http://localhost:3000', '127.0.0.1:3000'); // 'http://127.0.0.1:3000/'
 * onCallerHost('wss://ws.example.com/prod', 'api.example.com'); // unchanged
 * ```
 */
export function onCallerHost(configured: string, host: string | undefined): string {
  const url = parse(configured);
  const caller = host === undefined ? undefined : parse(`http://${host}`);
  if (!url || !caller || caller.host !== host?.toLowerCase()) return configured;
  if (!LOOPBACK_HOSTS.has(url.hostname) || !LOOPBACK_HOSTS.has(caller.hostname) || url.port !== caller.port) {
    return configured;
  }
  if (url.hostname === caller.hostname) return configured;
  url.hostname = caller.hostname;
  return url.toString();
}
