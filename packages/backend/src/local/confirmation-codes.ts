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
export interface ConfirmationCodeLog {
  feed(line: string): void;
  last(usernameOrEmail: string): string | undefined;
}

// ANSI colour sequences (pino-pretty, boxen) and the box-drawing border.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const BORDER = /[│┃|╭╮╰╯─]/g;

export function createConfirmationCodeLog(): ConfirmationCodeLog {
  const codes = new Map<string, string>();
  let keys: string[] | undefined;
  return {
    feed(line) {
      const text = line.replace(ANSI, '').replace(BORDER, ' ').trim();
      if (text.includes('Confirmation Code Delivery')) {
        keys = [];
        return;
      }
      if (!keys) return;
      const field = /^(Username|Destination|Code):\s+(\S+)$/.exec(text);
      if (!field) return;
      const [, name, value = ''] = field;
      if (name === 'Code') {
        for (const key of keys) codes.set(key, value);
        keys = undefined;
      } else {
        keys.push(value.toLowerCase());
      }
    },
    last: (usernameOrEmail) => codes.get(usernameOrEmail.toLowerCase()),
  };
}
