import {
  addressLines,
  checkUrl,
  cleanText,
  escapeHtml,
  htmlText,
  isolateText,
  type ReceiptAddress,
  type ReceiptLine,
  ReceiptRenderError,
  type RenderedReceipt,
  shortText,
  wrap,
} from './receipt.js';

/**
 * The "on its way" email of a fulfilled order, rendered from it: subject `Your order
 * CK-… is on its way`, an HTML and a plain-text part with the tracking number (and
 * carrier, and a tracking link when the admin gave one), what is coming, where to, and
 * the order link. Pure; untrusted text follows the receipt's rules (domain/receipt.ts).
 */
export interface ShippedOrder {
  readonly number: string;
  readonly items: readonly Pick<ReceiptLine, 'name' | 'quantity'>[];
  readonly shippingAddress?: ReceiptAddress | undefined;
  readonly fulfilment: {
    readonly trackingNumber?: string | undefined;
    readonly carrier?: string | undefined;
    readonly trackingUrl?: string | undefined;
  };
}

const TEXT_WIDTH = 72;

/**
 * Renders the email of an order that was just fulfilled.
 *
 * @example
 * ```ts
 * const { subject, html, text } = renderShippedEmail(order, { shopName: 'Stone & Thread', orderUrl });
 * // subject: 'Your order CK-7QF3-K9M2 is on its way'
 * ```
 */
export function renderShippedEmail(
  order: ShippedOrder,
  options: { readonly shopName: string; readonly orderUrl: string },
): RenderedReceipt {
  const shopName = shortText(options.shopName, 'shopName');
  const number = shortText(order.number, 'order number');
  const orderUrl = checkUrl(options.orderUrl);
  const { trackingNumber, carrier, trackingUrl } = order.fulfilment;
  const trackUrl = trackingUrl === undefined ? undefined : checkUrl(trackingUrl);
  if (order.items.length === 0) throw new ReceiptRenderError('The order has no lines.');
  const subject = `Your order ${number} is on its way`;
  const tracking =
    trackingNumber === undefined
      ? undefined
      : `${cleanText(trackingNumber)}${carrier === undefined ? '' : ` (${cleanText(carrier)})`}`;
  const address = order.shippingAddress ? addressLines(order.shippingAddress) : [];

  const text: string[] = [isolateText(shopName), '', `${subject}.`, ''];
  if (tracking !== undefined) text.push(`Tracking number: ${isolateText(tracking)}`);
  if (trackUrl !== undefined) text.push('Track your parcel:', trackUrl);
  if (tracking !== undefined || trackUrl !== undefined) text.push('');
  text.push('What is coming', '--------------');
  for (const line of order.items) {
    text.push(...wrap(`${line.quantity} \u00d7 ${cleanText(line.name)}`, TEXT_WIDTH).map(isolateText));
  }
  if (address.length > 0) {
    text.push('', 'Shipping to', '-----------');
    for (const line of address) text.push(...wrap(line, TEXT_WIDTH).map(isolateText));
  }
  text.push('', 'View your order:', orderUrl, '');

  const p = (content: string) => `<p style="margin:0 0 12px 0;">${content}</p>`;
  const html = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:24px 12px;background-color:#f4f4f5;color:#18181b;font-family:Helvetica,Arial,sans-serif;">',
    '<div style="max-width:600px;margin:0 auto;background-color:#ffffff;border-radius:8px;padding:24px;">',
    `<p style="margin:0 0 4px 0;font-size:14px;color:#52525b;">${htmlText(shopName)}</p>`,
    `<h1 style="margin:0 0 16px 0;font-size:22px;">Your order ${htmlText(number)} is on its way</h1>`,
    tracking === undefined ? '' : p(`Tracking number: <strong>${htmlText(tracking)}</strong>`),
    trackUrl === undefined ? '' : p(`<a href="${escapeHtml(trackUrl)}" style="color:#0f766e;">Track your parcel</a>`),
    '<h2 style="margin:16px 0 8px 0;font-size:16px;">What is coming</h2>',
    `<ul style="margin:0 0 12px 0;padding-left:20px;">${order.items
      .map((line) => `<li>${line.quantity} \u00d7 ${htmlText(line.name)}</li>`)
      .join('')}</ul>`,
    address.length === 0
      ? ''
      : `<h2 style="margin:16px 0 8px 0;font-size:16px;">Shipping to</h2>${p(address.map(htmlText).join('<br>'))}`,
    p(`<a href="${escapeHtml(orderUrl)}" style="color:#0f766e;">View your order</a>`),
    '</div>',
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
  return { subject, html, text: text.join('\n') };
}
