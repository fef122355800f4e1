// Journey 7: the catalog's product images are shown in colour; only a sold-out
// product's image is greyed out. Checked in the computed style and in the pixels
// of a screenshot (a CSS rule that greys every card must not pass unnoticed).
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { newDevice, openShop, RESULTS_DIR, useBrowser } from '../support/e2e.mjs';

const browser = useBrowser();

/** Mean HSL saturation (0..1) of a PNG, measured in a blank page of the same browser. */
async function meanSaturation(context, png) {
  const probe = await context.newPage();
  try {
    return await probe.evaluate(async (base64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const g = canvas.getContext('2d');
      g.drawImage(image, 0, 0);
      const { data } = g.getImageData(0, 0, canvas.width, canvas.height);
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) {
        const max = Math.max(data[i], data[i + 1], data[i + 2]) / 255;
        const min = Math.min(data[i], data[i + 1], data[i + 2]) / 255;
        const light = (max + min) / 2;
        sum += max === min ? 0 : (max - min) / (1 - Math.abs(2 * light - 1));
      }
      return sum / (data.length / 4);
    }, png.toString('base64'));
  } finally {
    await probe.close();
  }
}

test('catalog images are in colour; only the sold-out product is greyed out', async () => {
  // Prepare
  const { context, page } = await newDevice(browser());
  await openShop(page);
  const image = (sku) => page.locator(`#products [data-sku="${sku}"] .card-media img`);
  for (const sku of ['TEE-CLASSIC', 'SOLD-OUT-TEE']) {
    await image(sku).scrollIntoViewIfNeeded(); // the images load lazily
    await image(sku).evaluate((img) => img.decode(), undefined, { timeout: 10_000 });
  }

  // Act
  const style = (sku) =>
    image(sku).evaluate((img) => ({ filter: getComputedStyle(img).filter, opacity: getComputedStyle(img).opacity }));
  const [normal, soldOut] = [await style('TEE-CLASSIC'), await style('SOLD-OUT-TEE')];
  const [normalPng, soldOutPng] = [await image('TEE-CLASSIC').screenshot(), await image('SOLD-OUT-TEE').screenshot()];
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(join(RESULTS_DIR, '7-card-image-in-stock.png'), normalPng);
  await writeFile(join(RESULTS_DIR, '7-card-image-sold-out.png'), soldOutPng);
  const [normalSaturation, soldOutSaturation] = [
    await meanSaturation(context, normalPng),
    await meanSaturation(context, soldOutPng),
  ];
  console.log(`# mean saturation: in stock ${normalSaturation.toFixed(3)}, sold out ${soldOutSaturation.toFixed(3)}`);

  // Assess
  assert.deepEqual(normal, { filter: 'none', opacity: '1' }, 'an in-stock card image is not filtered');
  assert.match(soldOut.filter, /grayscale/, 'the sold-out card image is greyed out');
  assert.ok(normalSaturation > 0.2, `the in-stock image is in colour (saturation ${normalSaturation.toFixed(3)})`);
  assert.ok(
    soldOutSaturation < normalSaturation / 2,
    `the sold-out image is visibly greyer (${soldOutSaturation.toFixed(3)} vs ${normalSaturation.toFixed(3)})`,
  );
});
