import { launch, newDevice } from './test/support/e2e.mjs';
const b = await launch();
for (let i = 0; i < 3; i++) {
const { page, context } = await newDevice(b);
await page.goto('/storefront/');
await page.locator('#products[data-state=ready]').waitFor();
console.log(await page.evaluate(() => JSON.stringify({
  fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
  products: performance.getEntriesByName('cartkit:products-rendered')[0]?.startTime,
  res: performance.getEntriesByType('resource').map(r => [r.name.replace(location.origin,''), Math.round(r.startTime), Math.round(r.duration)]).slice(0,12),
})));
await context.close();
}
await b.close();
