import type { AdminProduct, ProductInput, Visibility } from '@cartkit/cart-sdk/admin';
import { field, h } from './dom.js';
import { money, parseMoney, parseWhole } from './format.js';
import type { Ctx } from './main.js';
import { busy, notices, table } from './ui.js';

/** "SKU | size=M; colour=red | 19.99 | 10" per line → variants (stock optional). */
export function parseVariants(text: string, options: string[]): NonNullable<ProductInput['variants']> {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, index) => {
      const where = `Variant line ${index + 1}`;
      const [sku, opts, price, stock, ...rest] = line.split('|').map((part) => part.trim());
      if (!sku || !opts || !price || rest.length) throw new Error(`${where}: write "SKU | size=M | 19.99 | 10"`);
      const values: Record<string, string> = {};
      for (const pair of opts.split(';')) {
        const [name, value] = pair.split('=').map((s) => s.trim());
        if (!name || !value) throw new Error(`${where}: options are name=value pairs separated by ";"`);
        if (!options.includes(name))
          throw new Error(`${where}: "${name}" is not one of the options (${options.join(', ')})`);
        values[name] = value;
      }
      const unitPrice = parseMoney(price, `${where} price`) as number;
      const units = stock ? parseWhole(stock, `${where} stock`) : undefined;
      return { sku, options: values, unitPrice, ...(units === undefined ? {} : { stock: units }) };
    });
}

function stockForm(
  ctx: Ctx,
  sku: string,
  stock: number,
  notice: ReturnType<typeof notices>,
  reload: () => Promise<void>,
) {
  const delta = h('input', {
    type: 'number',
    step: 1,
    inputmode: 'numeric',
    class: 'small',
    placeholder: '± units',
    'aria-label': `Stock change for ${sku}`,
  });
  const button = h('button', { type: 'submit' }, 'Adjust');
  const form = h('form', { class: 'inline' }, h('span', { class: 'stock' }, String(stock)), delta, button);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(button, notice, async () => {
      const change = parseWhole(delta.value, `Stock change for ${sku}`, { allowNegative: true });
      if (!change) throw new Error(`Stock change for ${sku}: enter a whole number other than 0 (e.g. 5 or -2)`);
      const result = await ctx.admin.products.adjustStock(sku, change);
      await reload();
      return `${sku}: stock is now ${result.stock}`;
    });
  });
  return form;
}

function productRows(
  ctx: Ctx,
  products: AdminProduct[],
  notice: ReturnType<typeof notices>,
  reload: () => Promise<void>,
) {
  return products.map((p) => [
    p.sku,
    h('span', {}, p.name, p.options.length ? h('span', { class: 'muted' }, ` (${p.options.join(', ')})`) : null),
    h('span', { class: `badge ${p.visibility}` }, p.visibility),
    p.variants.length ? `from ${money(p.unitPrice, p.currency)}` : money(p.unitPrice, p.currency),
    p.variants.length
      ? h(
          'ul',
          { class: 'variants', 'aria-label': `Variants of ${p.name}` },
          p.variants.map((variant) =>
            h(
              'li',
              {},
              h('span', { class: 'mono' }, variant.sku),
              ` ${Object.entries(variant.options)
                .map(([k, v]) => `${k}: ${v}`)
                .join(', ')} · ${money(variant.unitPrice, p.currency)}`,
              stockForm(ctx, variant.sku, variant.stock, notice, reload),
            ),
          ),
        )
      : stockForm(ctx, p.sku, p.stock, notice, reload),
  ]);
}

function productForm(ctx: Ctx, notice: ReturnType<typeof notices>, reload: () => Promise<void>) {
  const sku = h('input', { name: 'sku', required: true, maxlength: 64, autocomplete: 'off' });
  const name = h('input', { name: 'name', required: true, maxlength: 200 });
  const description = h('textarea', { name: 'description', rows: 2 });
  const price = h('input', { name: 'price', inputmode: 'decimal' });
  const stock = h('input', { name: 'stock', inputmode: 'numeric' });
  const visibility = h(
    'select',
    { name: 'visibility' },
    (['draft', 'active', 'archived'] as Visibility[]).map((v) => h('option', { value: v }, v)),
  );
  const options = h('input', { name: 'options' });
  const variants = h('textarea', { name: 'variants', rows: 3, spellcheck: 'false' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Save product');
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'product-form-title' },
    h('h2', { id: 'product-form-title' }, 'Create or replace a product'),
    h(
      'div',
      { class: 'grid' },
      field('SKU', sku),
      field('Name', name),
      field('Visibility', visibility),
      field('Price', price, 'Without variants, e.g. 19.99'),
      field('Stock', stock, 'Leave empty to keep the current stock'),
      field('Options', options, 'With variants: option names separated by commas, e.g. size, colour'),
    ),
    field('Description', description),
    field('Variants', variants, 'One per line: SKU | size=M; colour=red | 19.99 | stock'),
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, notice, async () => {
      const optionNames = options.value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const input: ProductInput = { name: name.value.trim(), visibility: visibility.value as Visibility };
      if (description.value.trim()) input.description = description.value.trim();
      if (optionNames.length) {
        input.options = optionNames;
        input.variants = parseVariants(variants.value, optionNames);
        if (input.variants.length === 0) throw new Error('Variants: a product with options needs at least one variant');
      } else {
        if (variants.value.trim()) throw new Error('Options: name the options the variants use (e.g. size)');
        const unitPrice = parseMoney(price.value, 'Price');
        if (unitPrice === undefined) throw new Error('Price: a product without variants needs a price');
        input.unitPrice = unitPrice;
        const units = parseWhole(stock.value, 'Stock');
        if (units !== undefined) input.stock = units;
      }
      const { product, created } = await ctx.admin.products.put(sku.value.trim(), input);
      form.reset();
      await reload();
      return `${product.sku} ${created ? 'created' : 'saved'}`;
    });
  });
  return form;
}

export async function render(container: HTMLElement, ctx: Ctx): Promise<void> {
  const notice = notices();
  const list = h('div', {});
  const filter = h(
    'select',
    { 'aria-label': 'Show products' },
    h('option', { value: '' }, 'All products'),
    (['draft', 'active', 'archived'] as const).map((v) => h('option', { value: v }, `Only ${v}`)),
  );
  const reload = async () => {
    const visibility = filter.value as Visibility | '';
    const page = await ctx.admin.products.list({ limit: 100, ...(visibility ? { visibility } : {}) });
    list.replaceChildren(
      table(
        'Products, with their variants and stock',
        ['SKU', 'Name', 'Visibility', 'Price', 'Stock'],
        productRows(ctx, page.items, notice, reload),
        'No products yet.',
      ),
      page.nextCursor ? h('p', { class: 'muted' }, 'Showing the first 100 products.') : '',
    );
  };
  filter.addEventListener('change', () => void reload().catch(notice.fail));
  await reload();
  container.querySelector('.loading')?.remove();
  container.append(...notice.elements, h('div', { class: 'toolbar' }, filter), list, productForm(ctx, notice, reload));
}
