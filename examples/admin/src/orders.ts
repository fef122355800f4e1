import type { AdminOrder, OrderFilter } from '@cartkit/cart-sdk/admin';
import { h } from './dom.js';
import { money, parseMoney, when } from './format.js';
import type { Ctx } from './main.js';
import { busy, notices, table } from './ui.js';

const STATUSES = [
  'PENDING',
  'AWAITING_PAYMENT',
  'PAID',
  'CONFIRMED',
  'FULFILLED',
  'PARTIALLY_REFUNDED',
  'REFUNDED',
  'FAILED',
  'EXPIRED',
] as const;
const FULFILLABLE = new Set(['PAID', 'CONFIRMED', 'FULFILLED']);
const REFUNDABLE = new Set(['PAID', 'FULFILLED', 'PARTIALLY_REFUNDED']);

function actions(ctx: Ctx, order: AdminOrder, notice: ReturnType<typeof notices>, reload: () => Promise<void>) {
  const label = order.number ?? order.orderId;
  const parts: Node[] = [];
  if (FULFILLABLE.has(order.status)) {
    const tracking = h('input', {
      class: 'small',
      'aria-label': `Tracking number for ${label}`,
      placeholder: 'Tracking (optional)',
      value: order.fulfilment?.trackingNumber ?? '',
    });
    const button = h('button', { type: 'submit' }, order.status === 'FULFILLED' ? 'Update tracking' : 'Fulfil');
    button.setAttribute('aria-label', `${button.textContent} ${label}`);
    const form = h('form', { class: 'inline' }, tracking, button);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void busy(button, notice, async () => {
        const trackingNumber = tracking.value.trim();
        const updated = await ctx.admin.orders.fulfil(order.orderId, trackingNumber ? { trackingNumber } : {});
        await reload();
        return `${label} is ${updated.status.toLowerCase()}`;
      });
    });
    parts.push(form);
  }
  if (REFUNDABLE.has(order.status)) {
    const left = (order.totals?.total ?? order.subtotal) - (order.refundedTotal ?? 0);
    const amount = h('input', {
      class: 'small',
      inputmode: 'decimal',
      'aria-label': `Refund amount for ${label}`,
      placeholder: `All (${money(left, order.currency)})`,
    });
    const button = h('button', { type: 'submit', 'aria-label': `Refund ${label}` }, 'Refund');
    const form = h('form', { class: 'inline' }, amount, button);
    const key = crypto.randomUUID();
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void busy(button, notice, async () => {
        const value = parseMoney(amount.value, 'Refund amount');
        if (!confirm(`Refund ${money(value ?? left, order.currency)} of ${label}?`)) return undefined;
        const updated = await ctx.admin.orders.refund(order.orderId, value === undefined ? {} : { amount: value }, {
          idempotencyKey: `${key}-${value ?? 'all'}`,
        });
        await reload();
        return `${label}: ${updated.status.toLowerCase().replace('_', ' ')}`;
      });
    });
    parts.push(form);
  }
  return parts.length ? h('div', { class: 'actions' }, parts) : h('span', { class: 'muted' }, '—');
}

/** What the search field holds, as the API's search: an email (has an `@`) or an order number (`CK-…`). */
export function searchOf(text: string): Pick<OrderFilter, 'email' | 'number'> {
  const term = text.trim();
  if (term === '') return {};
  if (term.includes('@')) return { email: term };
  if (/^ck-/i.test(term)) return { number: term };
  throw new Error('Search by an order number like CK-7QF3-K9M2, or by an email address.');
}

/** The records of an RFC 4180 text (CRLF outside quotes ends one), header included. */
function recordCount(csv: string): number {
  let records = 0;
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    if (csv[i] === '"') quoted = !quoted;
    else if (!quoted && csv[i] === '\r' && csv[i + 1] === '\n') records++;
  }
  return records;
}

/** Hands `text` to the browser as a file download. */
function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function render(container: HTMLElement, ctx: Ctx): Promise<void> {
  const notice = notices();
  const list = h('div', {});
  const status = h(
    'select',
    { 'aria-label': 'Show orders' },
    h('option', { value: '' }, 'All orders'),
    STATUSES.map((s) => h('option', { value: s }, s)),
  );
  const search = h('input', {
    type: 'search',
    'aria-label': 'Search orders by number or email',
    placeholder: 'CK-… or email',
    size: 22,
  });
  const searchButton = h('button', { type: 'submit' }, 'Search');
  const searchForm = h('form', { class: 'inline', role: 'search', 'aria-label': 'Orders' }, search, searchButton);
  const from = h('input', { type: 'date' });
  const to = h('input', { type: 'date' });
  const exportButton = h('button', { type: 'button' }, 'Export CSV');
  const more = h('button', { type: 'button', hidden: true }, 'More orders');
  /** The filters as the toolbar shows them (a bad search term throws, saying what to type). */
  const filter = (): OrderFilter => ({
    ...(status.value ? { status: status.value as AdminOrder['status'] } : {}),
    ...(from.value ? { from: from.value } : {}),
    ...(to.value ? { to: to.value } : {}),
    ...searchOf(search.value),
  });
  let searched = false;
  let orders: AdminOrder[] = [];
  let cursor: string | undefined;
  const draw = () => {
    list.replaceChildren(
      table(
        'Orders',
        ['Order', 'Placed', 'Customer', 'Items', 'Total', 'Status', 'Actions'],
        orders.map((o) => [
          h('span', { class: 'mono' }, o.number ?? o.orderId),
          when(o.createdAt),
          o.email ?? (o.ownerKind === 'user' ? 'account' : 'guest'),
          h(
            'ul',
            { class: 'plain' },
            o.items.map((line) => h('li', {}, `${line.quantity} × ${line.name}`)),
          ),
          h(
            'span',
            {},
            money(o.totals?.total ?? o.subtotal, o.currency),
            o.discountCode
              ? h('span', { class: 'muted' }, ` (${o.discountCode} −${money(o.totals?.discount ?? 0, o.currency)})`)
              : null,
            o.refundedTotal ? h('span', { class: 'muted' }, ` · refunded ${money(o.refundedTotal, o.currency)}`) : null,
          ),
          h(
            'span',
            {},
            h('span', { class: `badge ${o.status.toLowerCase()}` }, o.status),
            o.fulfilment?.trackingNumber ? h('span', { class: 'muted' }, ` ${o.fulfilment.trackingNumber}`) : null,
          ),
          actions(ctx, o, notice, reload),
        ]),
        searched ? 'No orders match.' : 'No orders yet.',
      ),
    );
    more.hidden = !cursor;
  };
  const load = async (next?: string) => {
    const query = filter();
    const page = await ctx.admin.orders.list({ limit: 20, ...query, ...(next ? { cursor: next } : {}) });
    searched = Object.keys(query).length > 0;
    orders = next ? [...orders, ...page.items] : page.items;
    cursor = page.nextCursor;
    draw();
  };
  async function reload() {
    await load();
  }
  for (const input of [status, from, to]) input.addEventListener('change', () => void reload().catch(notice.fail));
  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(searchButton, notice, async () => {
      await reload();
      const found = orders.length === 1 ? '1 order' : `${orders.length}${cursor ? '+' : ''} orders`;
      return search.value.trim() ? `${found} found for “${search.value.trim()}”` : undefined;
    });
  });
  exportButton.addEventListener(
    'click',
    () =>
      void busy(exportButton, notice, async () => {
        const csv = await ctx.admin.orders.exportCsv(filter());
        const name = `orders-${new Date().toISOString().slice(0, 10)}.csv`;
        const records = recordCount(csv) - 1;
        download(csv, name);
        return `Exported ${records === 1 ? '1 order' : `${records} orders`} to ${name}`;
      }),
  );
  more.addEventListener(
    'click',
    () =>
      void busy(more, notice, async () => {
        await load(cursor);
        return undefined;
      }),
  );
  const refresh = h('button', { type: 'button' }, 'Refresh');
  refresh.addEventListener(
    'click',
    () =>
      void busy(refresh, notice, async () => {
        await reload();
        return 'Orders refreshed';
      }),
  );
  await reload();
  container.querySelector('.loading')?.remove();
  container.append(
    ...notice.elements,
    h(
      'div',
      { class: 'toolbar' },
      searchForm,
      status,
      h('label', { class: 'inline' }, 'Placed from', from),
      h('label', { class: 'inline' }, 'to', to),
      refresh,
      exportButton,
    ),
    list,
    more,
  );
}
