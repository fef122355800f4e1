import type { ExtraRoute } from './gateway.js';

/**
 * `GET /@local/confirmation-codes/{email}`: the last sign-up code
 * cognito-local printed for that email (`{ "code": "123456" }`, or 404), so
 * end-to-end tests in another process can confirm a sign-up. Served by the
 * local gateway only; nothing like it exists on AWS.
 *
 * @example
 * ```ts
 * startGateway({ ..., extraRoutes: [confirmationCodeRoute(cognito.lastConfirmationCode)] });
 * ```
 */
export function confirmationCodeRoute(lookup: (email: string) => Promise<string | undefined>): ExtraRoute {
  const prefix = '/@local/confirmation-codes/';
  return {
    prefix,
    async handle(req, res, { pathname }) {
      let email: string;
      try {
        email = decodeURIComponent(pathname.slice(prefix.length));
      } catch {
        email = '';
      }
      const code = req.method === 'GET' && email ? await lookup(email) : undefined;
      const body = JSON.stringify(code ? { code } : { message: 'no code for this address' });
      res.writeHead(code ? 200 : 404, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(body);
    },
  };
}
