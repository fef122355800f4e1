import { describe, expect, it } from 'vitest';
import { parseCsv, readCsvCatalog } from './format.js';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and numbers rows by their first line', () => {
    expect(parseCsv('a,b\r\n"x, ""y""","two\nlines"\n\nlast,\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, "y"', 'two\nlines'] },
      { line: 5, fields: ['last', ''] },
    ]);
  });

  it('refuses a quote that is never closed', () => {
    expect(() => parseCsv('a\n"open')).toThrow(/line 2: a quoted field is never closed/);
  });
});

describe('readCsvCatalog', () => {
  const header = 'sku,product_sku,name,description,images,unit_price,stock,visibility,options';

  it('groups variant rows under their product, in the order of the first row', () => {
    const { products, errors } = readCsvCatalog(
      [
        header,
        'T-S,T,Tee,,/a.svg|/b.svg,100,1,active,size=S;colour=red',
        'T-M,T,Tee,,/a.svg|/b.svg,120,,active,size=M;colour=red',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(products).toEqual([
      {
        sku: 'T',
        rows: [2, 3],
        input: expect.objectContaining({
          name: 'Tee',
          images: ['/a.svg', '/b.svg'],
          options: ['size', 'colour'],
          variants: [
            { sku: 'T-S', options: { size: 'S', colour: 'red' }, unitPrice: 100, stock: 1 },
            { sku: 'T-M', options: { size: 'M', colour: 'red' }, unitPrice: 120 },
          ],
        }),
      },
    ]);
  });

  it('refuses a variant row whose product fields differ from the first row, and a missing header column', () => {
    const { errors } = readCsvCatalog(
      [header, 'T-S,T,Tee,,,100,1,active,size=S', 'T-M,T,Other,,,100,1,active,size=M'].join('\n'),
    );
    expect(errors).toEqual([{ row: 3, sku: 'T-M', message: 'name differs from the first row of product "T"' }]);
    expect(readCsvCatalog('sku,name\nA,B').errors[0]?.message).toMatch(/the header lacks product_sku/);
  });
});
