import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { UnavailableError, ValidationError } from '../domain/errors.js';
import { awsErrorName, toUnavailable } from './aws.js';
import { meterClient } from '../runtime/meter.js';

/** One email to one recipient, with both parts. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /**
   * Names this email once, across retries (e.g. `receipt-<orderId>`). The
   * provider may not deduplicate on it (SES does not): the caller's ledger
   * does; the key travels as the `X-Cartkit-Idempotency-Key` header, so a
   * duplicate in a mailbox or a provider log can be told for one.
   */
  readonly idempotencyKey: string;
}

/** Sends email. Errors: `UnavailableError` (retry later), `MailRejectedError` (retrying will not help), `ValidationError`. */
export interface Mailer {
  send(message: MailMessage): Promise<{ readonly messageId: string }>;
}

/**
 * The provider refused this email for good (an unverified sender, a rejected
 * message, a missing configuration set, a suspended account). Its message
 * names the provider's error, never the recipient.
 */
export class MailRejectedError extends Error {
  override name = 'MailRejectedError';
  readonly providerError: string;
  readonly status: number | undefined;

  constructor(providerError: string, status: number | undefined, requestId: string | undefined) {
    super(
      `The mail provider refused the email: ${providerError}${status === undefined ? '' : ` (HTTP ${status})`}` +
        (requestId ? `, request ${requestId}` : ''),
    );
    this.providerError = providerError;
    this.status = status;
  }
}

/** SES answers that are worth retrying besides the generic outages of `toUnavailable`. */
const SES_TRANSIENT = new Set(['TooManyRequestsException', 'LimitExceededException']);

/** Longest address SES takes (RFC 5321 path limit). */
const MAX_ADDRESS = 254;
const ADDRESS = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/;
const HEADER_VALUE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * An SES v2 client. On the local stack `endpoint` points at aws-ses-v2-local;
 * on AWS it is unset. Short timeouts and few attempts: a worker should fail
 * the message fast and let SQS redeliver it, not spend its timeout waiting.
 *
 * @example
 * ```ts
 * const ses = createSesClient({ region: 'eu-west-1', endpoint: process.env.SES_ENDPOINT ?? null });
 * ```
 */
export function createSesClient(options: { region: string; endpoint: string | null }): SESv2Client {
  return meterClient(
    new SESv2Client({
      region: options.region,
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 },
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    }),
    'ses',
  );
}

/**
 * {@link Mailer} on SES v2 `SendEmail` (simple content: subject, HTML and
 * text in UTF-8). `from` is the verified identity (`Shop <receipts@shop.example>`
 * or a bare address); `configurationSet` routes events (bounces,
 * complaints) where the deployment wants them. Nothing of the message is
 * logged, and no error it throws carries the recipient.
 *
 * @example
 * ```ts
 * const mailer = new SesMailer(createSesClient({ region, endpoint: null }), { from: 'Shop <receipts@shop.example>' });
 * await mailer.send({ to, subject, html, text, idempotencyKey: `receipt-${orderId}` });
 * ```
 */
export class SesMailer implements Mailer {
  readonly #client: SESv2Client;
  readonly #from: string;
  readonly #configurationSet: string | undefined;

  constructor(client: SESv2Client, options: { from: string; configurationSet?: string | null }) {
    if (/[\r\n]/.test(options.from) || !ADDRESS.test(bareAddress(options.from))) {
      throw new ValidationError('The sender (RECEIPT_FROM_ADDRESS) must be an email address, optionally with a name.');
    }
    this.#client = client;
    this.#from = options.from;
    this.#configurationSet = options.configurationSet || undefined;
  }

  async send(message: MailMessage): Promise<{ readonly messageId: string }> {
    checkMessage(message);
    try {
      const result = await this.#client.send(
        new SendEmailCommand({
          FromEmailAddress: this.#from,
          Destination: { ToAddresses: [message.to] },
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: { Html: { Data: message.html, Charset: 'UTF-8' }, Text: { Data: message.text, Charset: 'UTF-8' } },
              Headers: [{ Name: 'X-Cartkit-Idempotency-Key', Value: message.idempotencyKey }],
            },
          },
          ...(this.#configurationSet ? { ConfigurationSetName: this.#configurationSet } : {}),
        }),
      );
      if (!result.MessageId) throw new MailRejectedError('no MessageId in the answer', undefined, undefined);
      return { messageId: result.MessageId };
    } catch (error) {
      throw mapSesError(error);
    }
  }
}

/**
 * An SES failure as one of the {@link Mailer}'s errors. The SDK's own error
 * is dropped, not kept as `cause`: SES messages can quote the addresses
 * (`... failed the check: ada@example.com`), and a logged cause would leak them.
 */
export function mapSesError(error: unknown): Error {
  if (error instanceof MailRejectedError || error instanceof ValidationError) return error;
  const name = awsErrorName(error) ?? 'UnknownError';
  const metadata = (error as { $metadata?: { httpStatusCode?: number; requestId?: string } } | undefined)?.$metadata;
  const summary = new MailRejectedError(name, metadata?.httpStatusCode, metadata?.requestId);
  if (SES_TRANSIENT.has(name) || toUnavailable(error) instanceof UnavailableError) {
    return new UnavailableError(1, summary);
  }
  return summary;
}

function checkMessage(message: MailMessage): void {
  // The messages never quote the address: it is personal data, and errors get logged.
  if (
    typeof message.to !== 'string' ||
    message.to.length > MAX_ADDRESS ||
    /[\r\n]/.test(message.to) ||
    !ADDRESS.test(message.to)
  ) {
    throw new ValidationError('The recipient is not a single email address.');
  }
  if (message.subject.trim() === '' || /[\r\n]/.test(message.subject)) {
    throw new ValidationError('The subject must be one non-empty line.');
  }
  if (message.html === '' || message.text === '')
    throw new ValidationError('Both the HTML and the text part are needed.');
  if (!HEADER_VALUE.test(message.idempotencyKey)) {
    throw new ValidationError('The idempotency key must be 1-128 letters, digits, ".", "_", ":" or "-".');
  }
}

/** `Name <a@b.c>` → `a@b.c`; a bare address stays as it is. */
function bareAddress(from: string): string {
  const angle = /<([^<>]+)>\s*$/.exec(from);
  return (angle?.[1] ?? from).trim();
}
