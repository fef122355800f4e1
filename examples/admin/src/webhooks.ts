import type { WebhookEndpoint, WebhookEventType } from '@cartkit/cart-sdk/admin';
import { field, h, uid } from './dom.js';
import { when } from './format.js';
import type { Ctx } from './main.js';
import { busy, notices, table } from './ui.js';

const EVENTS: WebhookEventType[] = [
  'order.paid',
  'order.fulfilled',
  'order.refunded',
  'order.expired',
  'product.low_stock',
];

export async function render(container: HTMLElement, ctx: Ctx): Promise<void> {
  const notice = notices();
  const endpointsEl = h('div', {});
  const deliveriesEl = h('div', {});
  let endpoints: WebhookEndpoint[] = [];
  const save = async (next: { url: string; events: WebhookEventType[] }[]) => {
    endpoints = (await ctx.admin.webhooks.put({ endpoints: next })).endpoints;
    drawEndpoints();
  };
  const drawEndpoints = () => {
    endpointsEl.replaceChildren(
      table(
        'Endpoints',
        ['URL', 'Events', 'Signing secret', 'Actions'],
        endpoints.map((e) => {
          const remove = h('button', { type: 'button', class: 'danger', 'aria-label': `Remove ${e.url}` }, 'Remove');
          remove.addEventListener('click', () =>
            busy(remove, notice, async () => {
              if (!confirm(`Stop sending events to ${e.url}?`)) return undefined;
              await save(endpoints.filter((x) => x.id !== e.id).map(({ url, events }) => ({ url, events })));
              return `${e.url} removed`;
            }),
          );
          return [
            h('span', { class: 'mono' }, e.url),
            e.events.join(', '),
            h('details', {}, h('summary', {}, 'Show'), h('code', {}, e.secret)),
            remove,
          ];
        }),
        'No endpoints registered.',
      ),
    );
  };
  const loadDeliveries = async () => {
    const { items } = await ctx.admin.webhooks.deliveries({ limit: 50 });
    deliveriesEl.replaceChildren(
      table(
        'Delivery log, newest first',
        ['Event', 'Endpoint', 'Status', 'Attempts', 'Last answer', 'Created', 'Actions'],
        items.map((d) => {
          const replay = h('button', { type: 'button', 'aria-label': `Replay ${d.type} delivery ${d.id}` }, 'Replay');
          replay.addEventListener('click', () =>
            busy(replay, notice, async () => {
              await ctx.admin.webhooks.replay(d.id);
              await loadDeliveries();
              return `${d.type} to ${d.url} queued again`;
            }),
          );
          return [
            d.type,
            h('span', { class: 'mono' }, d.url),
            h('span', { class: `badge ${d.status}` }, d.status),
            String(d.attempts + (d.replays ? ` (${d.replays} replays)` : '')),
            d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? '—'),
            when(d.createdAt),
            replay,
          ];
        }),
        'No deliveries yet.',
      ),
    );
  };

  const url = h('input', { name: 'url', type: 'url', required: true, placeholder: 'https://example.com/hooks' });
  const legendId = uid('events');
  const boxes = EVENTS.map((event) =>
    h('input', { type: 'checkbox', value: event, id: uid('ev'), checked: event.startsWith('order.') }),
  );
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Add endpoint');
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'webhook-form-title' },
    h('h2', { id: 'webhook-form-title' }, 'Add an endpoint'),
    field('URL', url, 'https, or http to 127.0.0.1 on the local stack'),
    h(
      'fieldset',
      { 'aria-labelledby': legendId },
      h('legend', { id: legendId }, 'Events'),
      boxes.map((box) => h('label', { class: 'check', for: box.id }, box, ` ${box.value}`)),
    ),
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, notice, async () => {
      const events = boxes.filter((b) => b.checked).map((b) => b.value as WebhookEventType);
      if (events.length === 0) throw new Error('Events: choose at least one');
      const added = url.value.trim();
      await save([...endpoints.map(({ url: u, events: e }) => ({ url: u, events: e })), { url: added, events }]);
      form.reset();
      return `${added} added`;
    });
  });
  const refresh = h('button', { type: 'button' }, 'Refresh the log');
  refresh.addEventListener(
    'click',
    () =>
      void busy(refresh, notice, async () => {
        await loadDeliveries();
        return 'Delivery log refreshed';
      }),
  );

  endpoints = (await ctx.admin.webhooks.list()).endpoints;
  drawEndpoints();
  await loadDeliveries();
  container.querySelector('.loading')?.remove();
  container.append(
    ...notice.elements,
    h('h2', {}, 'Endpoints'),
    endpointsEl,
    form,
    h('h2', {}, 'Deliveries'),
    h('div', { class: 'toolbar' }, refresh),
    deliveriesEl,
  );
}
