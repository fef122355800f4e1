/**
 * The receipt email, rendered from an order: a subject, an HTML part for
 * email clients (tables and inline styles, nothing else survives them) and a
 * plain-text part. Pure: no I/O, no clock, no environment.
 *
 * Every text that a merchant or a shopper wrote (product names, the address,
 * the shipping option's label, the shop's name) is untrusted here: it is
 * HTML-escaped, freed of control characters (a newline in a product name
 * must not forge a "Total" line in the text part), and isolated for
 * bidirectional text (an RTL name or a U+202E override cannot reorder the
 * prices around it).
 */

/** One line of the order, at the price it was charged (integer minor units). */
export interface ReceiptLine {
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly lineTotal: number;
}

/** The order's totals in integer minor units; `total` is what was charged. */
export interface ReceiptTotals {
  readonly subtotal: number;
  readonly discount: number;
  readonly shipping: number;
  readonly tax: number;
  readonly total: number;
}

/** Where the order ships (ISO 3166-1 alpha-2 `country`). */
export interface ReceiptAddress {
  readonly name: string;
  readonly line1: string;
  readonly line2?: string | undefined;
  readonly city: string;
  readonly region?: string | undefined;
  readonly postalCode?: string | undefined;
  readonly country: string;
}

/**
 * What the receipt needs of an order: exactly these fields of issue 14's
 * `Order`, so the contract's order satisfies it as it is.
 */
export interface ReceiptOrder {
  /** The human order number, read aloud on the phone (not the order id). */
  readonly number: string;
  readonly createdAt: string;
  readonly items: readonly ReceiptLine[];
  readonly totals: ReceiptTotals;
  /** ISO 4217; its Intl digits give the minor unit (JPY 0, USD 2, KWD 3). */
  readonly currency: string;
  readonly shippingAddress: ReceiptAddress;
  readonly shippingOption: { readonly label: string };
}

export interface ReceiptOptions {
  /** The shop's name, as shoppers know it. */
  readonly shopName: string;
  /** The order page, with its access token: an absolute http(s) URL. */
  readonly orderUrl: string;
  /** BCP 47, for money, the date and the `lang` attribute; default `en-US`. The words are English. */
  readonly locale?: string;
  /** IANA time zone of the order date; default `UTC`. */
  readonly timeZone?: string;
}

export interface RenderedReceipt {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

/** A receipt that cannot be rendered from what it was given (a bug upstream, never shopper input). */
export class ReceiptRenderError extends Error {
  override name = 'ReceiptRenderError';
}

/** Width of the plain-text part; mail clients wrap at 78. */
const TEXT_WIDTH = 72;
/** Longest order number, shop name or label the receipt prints whole. */
const MAX_SHORT_TEXT = 200;

/**
 * Renders the receipt of a paid order.
 *
 * @example
 * ```ts
 * const { subject, html, text } = renderReceipt(order, {
 *   shopName: 'Stone & Thread',
 *   orderUrl: 'https://shop.example/orders#order=ord_1&token=…',
 * });
 * ```
 */
export function renderReceipt(order: ReceiptOrder, options: ReceiptOptions): RenderedReceipt {
  const locale = canonicalLocale(options.locale ?? 'en-US');
  const money = moneyFormatter(order.currency, locale);
  const orderUrl = checkUrl(options.orderUrl);
  const shopName = short(options.shopName, 'shopName');
  const number = short(order.number, 'order number');
  const date = formatDate(order.createdAt, locale, options.timeZone ?? 'UTC');
  if (order.items.length === 0) throw new ReceiptRenderError('The order has no lines.');
  for (const [index, line] of order.items.entries()) {
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      throw new ReceiptRenderError(`Line ${index + 1}: the quantity must be a positive integer.`);
    }
    checkMinor(line.unitPrice, `line ${index + 1} unit price`);
    checkMinor(line.lineTotal, `line ${index + 1} line total`);
  }
  const totals = order.totals;
  for (const key of ['subtotal', 'discount', 'shipping', 'tax', 'total'] as const) checkMinor(totals[key], key);

  const rows = totalRows(order, money);
  const address = addressLines(order.shippingAddress);
  const subject = `${shopName}: your receipt for order ${number}`;
  return {
    subject,
    html: renderHtml({ order, money, rows, address, subject, shopName, number, date, orderUrl, locale }),
    text: renderText({ order, money, rows, address, shopName, number, date, orderUrl }),
  };
}

interface TotalRow {
  readonly label: string;
  readonly amount: string;
  readonly strong?: boolean;
}

function totalRows(order: ReceiptOrder, money: (minor: number) => string): TotalRow[] {
  const { subtotal, discount, shipping, tax, total } = order.totals;
  const rows: TotalRow[] = [{ label: 'Subtotal', amount: money(subtotal) }];
  if (discount > 0) rows.push({ label: 'Discount', amount: `\u2212${money(discount)}` });
  rows.push({
    label: `Shipping (${clean(order.shippingOption.label)})`,
    amount: shipping === 0 ? 'Free' : money(shipping),
  });
  rows.push({ label: 'Tax', amount: money(tax) });
  rows.push({ label: 'Total paid', amount: money(total), strong: true });
  return rows;
}

/** The address as printed on a parcel, one line each, empty parts left out. */
function addressLines(address: ReceiptAddress): string[] {
  const cityLine = [address.postalCode, address.city, address.region].map((part) => clean(part ?? '')).filter(Boolean);
  return [address.name, address.line1, address.line2 ?? '', cityLine.join(' '), address.country.toUpperCase()]
    .map(clean)
    .filter((line) => line.length > 0);
}

const CELL = 'padding:8px 4px;border-bottom:1px solid #e4e4e7;vertical-align:top;';
const NUMERIC = 'text-align:right;white-space:nowrap;';

function renderHtml(input: {
  order: ReceiptOrder;
  money: (minor: number) => string;
  rows: readonly TotalRow[];
  address: readonly string[];
  subject: string;
  shopName: string;
  number: string;
  date: string;
  orderUrl: string;
  locale: string;
}): string {
  const { order, money } = input;
  const lines = order.items
    .map(
      (line) =>
        `<tr><td style="${CELL}overflow-wrap:anywhere;word-break:break-word;">${html(line.name)}</td>` +
        `<td style="${CELL}${NUMERIC}">${line.quantity}</td>` +
        `<td style="${CELL}${NUMERIC}">${html(money(line.unitPrice))}</td>` +
        `<td style="${CELL}${NUMERIC}">${html(money(line.lineTotal))}</td></tr>`,
    )
    .join('\n');
  const totals = input.rows
    .map((row) => {
      const weight = row.strong ? 'font-weight:700;font-size:16px;' : '';
      return (
        `<tr><th scope="row" colspan="3" style="padding:6px 4px;text-align:right;font-weight:400;${weight}">${html(row.label)}</th>` +
        `<td style="padding:6px 4px;${NUMERIC}${weight}">${html(row.amount)}</td></tr>`
      );
    })
    .join('\n');
  const address = input.address.map(html).join('<br>');
  const href = escapeHtml(input.orderUrl);
  const lang = escapeHtml(input.locale);
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f4f4f5;color:#18181b;font-family:Helvetica,Arial,sans-serif;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f4f5;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background-color:#ffffff;border-radius:8px;">
<tr><td style="padding:24px 24px 8px 24px;">
<p style="margin:0 0 4px 0;font-size:14px;color:#52525b;">${html(input.shopName)}</p>
<h1 style="margin:0 0 12px 0;font-size:22px;line-height:28px;color:#18181b;">Thank you for your order</h1>
<p style="margin:0;font-size:15px;line-height:22px;">Order number <strong style="letter-spacing:1px;">${html(input.number)}</strong>, placed ${html(input.date)}.</p>
</td></tr>
<tr><td style="padding:16px 24px;">
<table cellpadding="0" cellspacing="0" border="0" width="100%" style="width:100%;border-collapse:collapse;font-size:14px;line-height:20px;">
<caption style="text-align:left;font-size:16px;font-weight:700;padding:0 0 8px 0;">What you bought</caption>
<thead><tr>
<th scope="col" style="${CELL}text-align:left;">Item</th>
<th scope="col" style="${CELL}${NUMERIC}">Qty</th>
<th scope="col" style="${CELL}${NUMERIC}">Price</th>
<th scope="col" style="${CELL}${NUMERIC}">Total</th>
</tr></thead>
<tbody>
${lines}
</tbody>
<tfoot>
${totals}
</tfoot>
</table>
</td></tr>
<tr><td style="padding:8px 24px 16px 24px;font-size:14px;line-height:20px;">
<h2 style="margin:0 0 8px 0;font-size:16px;">Shipping to</h2>
<p style="margin:0 0 8px 0;overflow-wrap:anywhere;word-break:break-word;">${address}</p>
<p style="margin:0;">${html(`Shipping: ${clean(order.shippingOption.label)}`)}</p>
</td></tr>
<tr><td style="padding:8px 24px 24px 24px;font-size:14px;line-height:20px;">
<p style="margin:0 0 16px 0;"><a href="${href}" style="display:inline-block;padding:12px 20px;background-color:#18181b;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:700;">View your order</a></p>
<p style="margin:0;color:#52525b;overflow-wrap:anywhere;word-break:break-all;">Or open this link: <a href="${href}" style="color:#1d4ed8;">${href}</a></p>
<p style="margin:16px 0 0 0;color:#52525b;">Keep this email: the link is how you reach your order again.</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

function renderText(input: {
  order: ReceiptOrder;
  money: (minor: number) => string;
  rows: readonly TotalRow[];
  address: readonly string[];
  shopName: string;
  number: string;
  date: string;
  orderUrl: string;
}): string {
  const { order, money } = input;
  const out: string[] = [];
  out.push(isolate(input.shopName), '', 'Thank you for your order.', '');
  out.push(`Order number: ${isolate(input.number)}`, `Placed: ${input.date}`, '');
  out.push('What you bought', '---------------');
  for (const line of order.items) {
    out.push(...wrap(clean(line.name), TEXT_WIDTH).map(isolate));
    out.push(`  ${line.quantity} \u00d7 ${money(line.unitPrice)} = ${money(line.lineTotal)}`);
  }
  out.push('');
  const labels = input.rows.map((row) => wrap(row.label, TEXT_WIDTH - 20));
  const labelWidth = Math.max(...labels.map((parts) => Math.max(...parts.map((part) => [...part].length))));
  const amountWidth = Math.max(...input.rows.map((row) => [...row.amount].length));
  for (const [index, row] of input.rows.entries()) {
    const parts = labels[index] ?? [row.label];
    for (const part of parts.slice(0, -1)) out.push(isolate(part));
    const last = parts[parts.length - 1] ?? '';
    const gap = labelWidth - [...last].length + 2 + amountWidth - [...row.amount].length;
    out.push(`${isolate(last)}${' '.repeat(gap)}${row.amount}`);
  }
  out.push('', 'Shipping to', '-----------');
  for (const line of input.address) out.push(...wrap(line, TEXT_WIDTH).map(isolate));
  out.push('', `Shipping: ${isolate(clean(order.shippingOption.label))}`, '');
  out.push('View your order:', input.orderUrl, '', 'Keep this email: the link is how you reach your order again.', '');
  return out.join('\n');
}

/** Escaped for HTML text and attribute values, bidi-isolated so it cannot reorder its neighbours. */
function html(value: string): string {
  return `<bdi>${escapeHtml(clean(value))}</bdi>`;
}

/**
 * Escapes the five characters that end text or an attribute value in HTML.
 *
 * @example
 * ```ts
 * escapeHtml('<b>"Tom & Jerry"</b>'); // '&lt;b&gt;&quot;Tom &amp; Jerry&quot;&lt;/b&gt;'
 * ```
 */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * Control characters (C0, DEL, C1, line and paragraph separators) become
 * spaces and runs of whitespace one space: an untrusted text stays on its line.
 */
function clean(value: string): string {
  return value
    .replace(/[\p{Cc}\u2028\u2029]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** First-strong isolate ... pop directional isolate: the text part's `<bdi>`. */
function isolate(value: string): string {
  return /[^ -~]/.test(value) ? `\u2068${value}\u2069` : value;
}

/** Words wrapped at `width` characters; a word longer than that is cut. */
function wrap(value: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of value.split(' ')) {
    let rest = [...word];
    while (rest.length > width) {
      if (current) lines.push(current);
      lines.push(rest.slice(0, width).join(''));
      rest = rest.slice(width);
      current = '';
    }
    const piece = rest.join('');
    if (!current) current = piece;
    else if ([...current].length + 1 + rest.length <= width) current = `${current} ${piece}`;
    else {
      lines.push(current);
      current = piece;
    }
  }
  if (current || lines.length === 0) lines.push(current);
  return lines;
}

function short(value: string, what: string): string {
  const cleaned = clean(value);
  if (cleaned.length === 0) throw new ReceiptRenderError(`The ${what} is empty.`);
  if (cleaned.length > MAX_SHORT_TEXT)
    throw new ReceiptRenderError(`The ${what} is over ${MAX_SHORT_TEXT} characters.`);
  return cleaned;
}

function checkMinor(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ReceiptRenderError(`The ${what} must be a non-negative integer of minor units.`);
  }
}

function canonicalLocale(locale: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(locale);
    if (canonical) return canonical;
  } catch {
    // reported below
  }
  throw new ReceiptRenderError('The locale is not a BCP 47 language tag.');
}

/**
 * Integer minor units to the currency's own format, with the currency's
 * Intl digits as the minor unit.
 *
 * @example
 * ```ts
 * formatMinorUnits(123456, 'JPY', 'en-US'); // '¥123,456'
 * formatMinorUnits(1999, 'EUR', 'de-DE'); // '19,99 €'
 * ```
 */
export function formatMinorUnits(minor: number, currency: string, locale = 'en-US'): string {
  checkMinor(minor, 'amount');
  return moneyFormatter(currency, canonicalLocale(locale))(minor);
}

function moneyFormatter(currency: string, locale: string): (minor: number) => string {
  if (!/^[A-Z]{3}$/.test(currency)) throw new ReceiptRenderError('The currency must be an ISO 4217 code.');
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  // Exact for every safe integer: the division is by a power of ten the formatter then rounds to.
  return (minor) => format.format(minor / 10 ** digits);
}

function formatDate(iso: string, locale: string, timeZone: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new ReceiptRenderError('The order date is not an ISO timestamp.');
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(at);
  } catch {
    throw new ReceiptRenderError('The time zone is not an IANA time zone.');
  }
}

function checkUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ReceiptRenderError('The order URL is not an absolute URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ReceiptRenderError('The order URL must be http(s).');
  }
  return url.href;
}

/**
 * The receipt's text rules for the other order emails (domain/shipped-email.ts): `htmlText`
 * (escaped, cleaned, bidi-isolated), `cleanText` (one line, no control characters),
 * `isolateText` (the text part's isolate), `shortText` (cleaned, 1..200 characters),
 * `checkUrl` (an absolute http(s) URL), `wrap` (words at a width) and the money formatter.
 */
export {
  addressLines,
  checkUrl,
  clean as cleanText,
  html as htmlText,
  isolate as isolateText,
  moneyFormatter,
  short as shortText,
  wrap,
};
