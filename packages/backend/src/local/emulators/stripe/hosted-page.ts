import { createHash } from 'node:crypto';
import type { StoredSession } from './sessions.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and double-quoted attributes. Product names,
 * descriptions and URLs are the merchant's data and may contain markup.
 *
 * @example
 * ```ts
 * escapeHtml('<b>"Tea" & co</b>'); // '&lt;b&gt;&quot;Tea&quot; &amp; co&lt;/b&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * Formats minor units in their currency, with the currency's own number of decimals
 * (JPY has none): `formatMinor(1999, 'usd')` is `$19.99`.
 *
 * @example
 * ```ts
 * formatMinor(500, 'jpy'); // '¥500'
 * ```
 */
export function formatMinor(amount: number, currency: string): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f8fa;color:#1a1f36}
main{max-width:28rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;box-shadow:0 1px 3px #0002}
h1{font-size:1.25rem;margin:0 0 1rem}.test{display:inline-block;background:#ffde92;color:#6b4400;font-size:.75rem;padding:0 .4rem;border-radius:4px}
table{width:100%;border-collapse:collapse;margin:1rem 0}td{padding:.35rem 0;vertical-align:top}td.amount{text-align:right;white-space:nowrap}
tr.total td{border-top:1px solid #e3e8ee;font-weight:600;padding-top:.6rem}.muted{color:#697386;font-size:.875rem}
form{margin:.5rem 0}button{font:inherit;width:100%;padding:.6rem;border-radius:6px;border:1px solid #c1c9d2;background:#fff;cursor:pointer}
button.pay{background:#635bff;border-color:#635bff;color:#fff;font-weight:600}
.notice{border-radius:6px;padding:.6rem .8rem;margin:1rem 0}.error{background:#fde8e8;color:#8a1c1c}.info{background:#e8f0fd;color:#1c3d8a}`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>
`;
}

function linesTable(session: StoredSession): string {
  const { params, object } = session;
  const rows = params.lines.map((line) => {
    const each =
      line.quantity > 1
        ? `<div class="muted">${line.quantity} × ${escapeHtml(formatMinor(line.unitAmount, line.currency))}</div>`
        : '';
    const description = line.description ? `<div class="muted">${escapeHtml(line.description)}</div>` : '';
    return `<tr><td>${escapeHtml(line.name)}${description}${each}</td><td class="amount">${escapeHtml(formatMinor(line.unitAmount * line.quantity, line.currency))}</td></tr>`;
  });
  if (object.total_details.amount_discount > 0) {
    rows.push(
      `<tr><td>Discount</td><td class="amount" data-discount>\u2212${escapeHtml(formatMinor(object.total_details.amount_discount, object.currency))}</td></tr>`,
    );
  }
  if (params.shipping) {
    rows.push(
      `<tr><td>Shipping: ${escapeHtml(params.shipping.displayName)}</td><td class="amount">${escapeHtml(formatMinor(params.shipping.amount, params.shipping.currency))}</td></tr>`,
    );
  }
  rows.push(
    `<tr class="total"><td>Total due</td><td class="amount" data-total>${escapeHtml(formatMinor(object.amount_total, object.currency))}</td></tr>`,
  );
  return `<table>${rows.join('\n')}</table>`;
}

/** What the page tells the shopper above the buttons. */
export type PageNotice = { kind: 'error' | 'info'; text: string } | undefined;

/**
 * The hosted payment page for an open session: the lines, the total, and three forms
 * that need no JavaScript: "Pay" (POST `pay`), "Decline card" (POST `decline`) and,
 * when there is a cancel URL, "Cancel" (POST `cancel`).
 *
 * @example
 * ```ts
 * res.end(renderCheckoutPage(session, '/c/pay/cs_test_1', undefined));
 * ```
 */
export function renderCheckoutPage(session: StoredSession, pagePath: string, notice: PageNotice): string {
  const { object } = session;
  const action = escapeHtml(pagePath);
  const email = object.customer_email ? `<p class="muted">Paying as ${escapeHtml(object.customer_email)}</p>` : '';
  const message = notice ? `<p class="notice ${notice.kind}" role="alert">${escapeHtml(notice.text)}</p>` : '';
  const cancel = object.cancel_url
    ? `<form method="post" action="${action}/cancel"><button type="submit">Cancel and return to the shop</button></form>`
    : '';
  return layout(
    'Checkout',
    `<h1>Checkout <span class="test">TEST MODE · local Stripe</span></h1>${email}
${linesTable(session)}
${message}
<form method="post" action="${action}/pay"><button class="pay" type="submit">Pay ${escapeHtml(formatMinor(object.amount_total, object.currency))}</button></form>
<form method="post" action="${action}/decline"><button type="submit">Decline card</button></form>
${cancel}`,
  );
}

/**
 * A page for a session that can no longer be paid: expired, already paid, or unknown.
 *
 * @example
 * ```ts
 * res.end(renderClosedPage('This checkout has expired', 'Return to the shop to start again.'));
 * ```
 */
export function renderClosedPage(title: string, text: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`);
}

/** The CSP source for the page's one inline style block. */
export const STYLE_HASH = `sha256-${createHash('sha256').update(STYLE).digest('base64')}`;
