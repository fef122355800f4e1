/**
 * Remembers the confirmation codes cognito-local prints. Its
 * ConsoleMessageSender logs one boxed block per message:
 *
 * ```
 * ╭────────────────────────────────────╮
 * │   Confirmation Code Delivery       │
 * │   Username:    3f0c…               │
 * │   Destination: ada@example.com     │
 * │   Code:        123456              │
 * ╰────────────────────────────────────╯
 * ```
 * (node_modules/cognito-local/lib/services/messageDelivery/consoleMessageSender.js).
 * The block arrives line by line, so this is a small state machine keyed by
 * both the username and the destination (the email), lower-cased.
 *
 * Local only: AWS sends codes by email, and nothing like this exists there.
 *
 * @example
 * ```ts
 * const codes = createConfirmationCodeLog();
 * child.onLine = codes.feed;
 * codes.last('ada@example.com'); // '123456'
 * ```
 */
/** One code as cognito-local printed it; `target` is the API call that sent it (`SignUp`, `ForgotPassword`, ...). */
export interface DeliveredCode {
  readonly username: string | undefined;
  readonly destination: string | undefined;
  readonly code: string;
  readonly target: string | undefined;
}

export interface ConfirmationCodeLog {
  feed(line: string): void;
  last(usernameOrEmail: string): string | undefined;
}

// ANSI colour sequences (pino-pretty, boxen) and the box-drawing border.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const BORDER = /[│┃|╭╮╰╯─]/g;

export function createConfirmationCodeLog(
  options: { onCode?: (code: DeliveredCode) => void } = {},
): ConfirmationCodeLog {
  const codes = new Map<string, string>();
  let keys: string[] | undefined;
  let fields: { username?: string; destination?: string } = {};
  // The box's top line follows the request's log prefix: `<reqId> <Target> ╭───╮`.
  let target: string | undefined;
  return {
    feed(line) {
      const plain = line.replace(ANSI, '');
      const top = /([A-Za-z]+)\s*╭/.exec(plain);
      if (top) target = top[1];
      const text = plain.replace(BORDER, ' ').trim();
      if (text.includes('Confirmation Code Delivery')) {
        keys = [];
        fields = {};
        return;
      }
      if (!keys) return;
      const field = /^(Username|Destination|Code):\s+(\S+)$/.exec(text);
      if (!field) return;
      const [, name, value = ''] = field;
      if (name === 'Code') {
        for (const key of keys) codes.set(key, value);
        keys = undefined;
        options.onCode?.({ username: fields.username, destination: fields.destination, code: value, target });
        target = undefined;
      } else {
        keys.push(value.toLowerCase());
        if (name === 'Username') fields.username = value;
        else fields.destination = value;
      }
    },
    last: (usernameOrEmail) => codes.get(usernameOrEmail.toLowerCase()),
  };
}

/**
 * An email address with all but the first letter of its local part hidden
 * (`a***@example.com`): enough for a developer to recognise their own
 * sign-up in the log, without writing the address out.
 *
 * @example
 * ```ts
 * maskEmail('ada@example.com'); // 'a***@example.com'
 * ```
 */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${address.slice(0, 1)}***${address.slice(at)}`;
}
