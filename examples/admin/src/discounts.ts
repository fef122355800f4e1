import type { Discount, DiscountDefinition } from '@cartkit/cart-sdk/admin';
import { field, h } from './dom.js';
import { money, parseMoney, parseWhole, when } from './format.js';
import type { Ctx } from './main.js';
import { busy, notices, table } from './ui.js';

const describe = (d: Discount, currency: string) =>
  d.value.type === 'percentage' ? `${d.value.percentOff}% off` : `${money(d.value.amountOff, currency)} off`;

/** `datetime-local` (read as UTC) → ISO, or undefined when empty. */
const iso = (value: string) => (value ? new Date(`${value}:00Z`).toISOString() : undefined);

export async function render(container: HTMLElement, ctx: Ctx): Promise<void> {
  const notice = notices();
  const list = h('div', {});
  const reload = async () => {
    const { items } = await ctx.admin.discounts.list();
    list.replaceChildren(
      table(
        'Discount codes',
        ['Code', 'Value', 'Minimum subtotal', 'Valid', 'Used', 'Products', 'Actions'],
        items.map((d) => {
          const remove = h('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${d.code}` }, 'Delete');
          remove.addEventListener('click', () =>
            busy(remove, notice, async () => {
              if (!confirm(`Delete the code ${d.code}?`)) return undefined;
              await ctx.admin.discounts.delete(d.code);
              await reload();
              return `${d.code} deleted`;
            }),
          );
          return [
            h('span', { class: 'mono' }, d.code),
            describe(d, ctx.currency),
            d.minimumSubtotal ? money(d.minimumSubtotal, ctx.currency) : '—',
            d.startsAt || d.endsAt ? `${when(d.startsAt)} – ${when(d.endsAt)}` : 'Always',
            `${d.used}${d.usageLimit ? ` of ${d.usageLimit}` : ''}${d.perCustomerLimit ? ` (${d.perCustomerLimit} per customer)` : ''}`,
            d.skus?.length ? d.skus.join(', ') : 'All',
            remove,
          ];
        }),
        'No discount codes yet.',
      ),
    );
  };

  const code = h('input', {
    name: 'code',
    required: true,
    pattern: '[A-Za-z0-9_\\-]{1,32}',
    maxlength: 32,
    autocomplete: 'off',
  });
  const type = h(
    'select',
    { name: 'type' },
    h('option', { value: 'percentage' }, 'Percentage off'),
    h('option', { value: 'fixed' }, 'Fixed amount off'),
  );
  const amount = h('input', { name: 'amount', required: true, inputmode: 'decimal' });
  const minimum = h('input', { name: 'minimum', inputmode: 'decimal' });
  const starts = h('input', { name: 'startsAt', type: 'datetime-local' });
  const ends = h('input', { name: 'endsAt', type: 'datetime-local' });
  const usageLimit = h('input', { name: 'usageLimit', inputmode: 'numeric' });
  const perCustomer = h('input', { name: 'perCustomerLimit', inputmode: 'numeric' });
  const skus = h('input', { name: 'skus', autocomplete: 'off' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Save code');
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'discount-form-title' },
    h('h2', { id: 'discount-form-title' }, 'Create or replace a code'),
    h(
      'div',
      { class: 'grid' },
      field('Code', code, 'Letters, digits, - and _; matched in any case'),
      field('Kind', type),
      field('Amount', amount, 'A whole percent (10) or an amount (5.00)'),
      field('Minimum subtotal', minimum, 'Optional, e.g. 20.00'),
      field('Starts (UTC)', starts),
      field('Ends (UTC)', ends),
      field('Usage limit', usageLimit, 'Optional: orders, by everyone'),
      field('Per customer', perCustomer, 'Optional: orders per email address'),
      field('Only these SKUs', skus, 'Optional, separated by commas; a variant is matched by its own SKU'),
    ),
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, notice, async () => {
      const value: DiscountDefinition['value'] =
        type.value === 'percentage'
          ? { type: 'percentage', percentOff: parseWhole(amount.value, 'Amount') ?? 0 }
          : { type: 'fixed', amountOff: parseMoney(amount.value, 'Amount') ?? 0 };
      const definition: DiscountDefinition = { value };
      const min = parseMoney(minimum.value, 'Minimum subtotal');
      if (min !== undefined) definition.minimumSubtotal = min;
      const startsAt = iso(starts.value);
      const endsAt = iso(ends.value);
      if (startsAt) definition.startsAt = startsAt;
      if (endsAt) definition.endsAt = endsAt;
      const limit = parseWhole(usageLimit.value, 'Usage limit');
      if (limit !== undefined) definition.usageLimit = limit;
      const per = parseWhole(perCustomer.value, 'Per customer');
      if (per !== undefined) definition.perCustomerLimit = per;
      const only = skus.value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (only.length) definition.skus = only;
      const { discount, created } = await ctx.admin.discounts.put(code.value.trim(), definition);
      form.reset();
      await reload();
      return `${discount.code} ${created ? 'created' : 'saved'}`;
    });
  });

  await reload();
  container.querySelector('.loading')?.remove();
  container.append(...notice.elements, list, form);
}
