import { describe, expect, it } from 'vitest';
import { createConfirmationCodeLog, type DeliveredCode, maskEmail } from './confirmation-codes.js';

// Lines as cognito-local 5.3.0 prints them (pino-pretty + boxen), colours included.
const ESC = String.fromCharCode(27);
const block = (username: string, destination: string, code: string) => [
  `[1795483358655] ${ESC}[32mINFO${ESC}[39m: ${ESC}[36meedda5da SignUp ╭──────────────────────────╮`,
  '│                                                       │',
  '│   Confirmation Code Delivery                          │',
  '│                                                       │',
  `│   Username:    ${username}   │`,
  `│   Destination: ${destination}                        │`,
  `│   Code:        ${code}                                 │`,
  '│                                                       │',
  `╰───────────────────────────────────────────────────────╯${ESC}[39m ${ESC}[90m{"reqId":"eedda5da","target":"SignUp"}${ESC}[39m`,
];

describe('confirmation code log', () => {
  it('remembers the code under the destination and the username, case-insensitively', () => {
    const codes = createConfirmationCodeLog();

    for (const line of block('c9917326-a776', 'Ada@Example.com', '474620')) codes.feed(line);

    expect(codes.last('ada@example.com')).toBe('474620');
    expect(codes.last('C9917326-A776')).toBe('474620');
  });

  it('keeps the last code per address and ignores fields outside a code block', () => {
    const codes = createConfirmationCodeLog();

    for (const line of block('u1', 'ada@example.com', '111111')) codes.feed(line);
    codes.feed('│   Code:        999999   │');
    for (const line of block('u1', 'ada@example.com', '222222')) codes.feed(line);

    expect(codes.last('ada@example.com')).toBe('222222');
    expect(codes.last('nobody@example.com')).toBeUndefined();
  });
});

describe('confirmation codes reported as they are printed', () => {
  it('reports each code with its destination and the call that sent it', () => {
    const delivered: DeliveredCode[] = [];
    const codes = createConfirmationCodeLog({ onCode: (code) => delivered.push(code) });

    for (const line of block('u1', 'ada@example.com', '111111')) codes.feed(line);
    for (const line of block('u1', 'ada@example.com', '222222'))
      codes.feed(line.replace('SignUp ╭', 'ForgotPassword ╭'));

    expect(delivered).toEqual([
      { username: 'u1', destination: 'ada@example.com', code: '111111', target: 'SignUp' },
      { username: 'u1', destination: 'ada@example.com', code: '222222', target: 'ForgotPassword' },
    ]);
  });

  it('masks an address down to its first letter and domain', () => {
    expect(maskEmail('ada@example.com')).toBe('a***@example.com');
    expect(maskEmail('x@y.z')).toBe('x***@y.z');
    expect(maskEmail('not-an-email')).toBe('***');
  });
});
