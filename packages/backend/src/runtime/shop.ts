import raw from '../../data/shop.json' with { type: 'json' };
import { parseShopConfig, type ShopConfig } from '../domain/shop-config.js';

/**
 * The shop's configuration (`data/shop.json`, docs/shop-config.md), bundled
 * into each function and validated once, when the module loads (cold start on
 * AWS, `pnpm start` locally): a bad file stops the function from starting,
 * listing every bad field, instead of failing one request at a time.
 *
 * @example
 * ```ts
 * import { SHOP } from './shop.js';
 * SHOP.currency; // 'USD'
 * ```
 */
export const SHOP: ShopConfig = parseShopConfig(raw, 'data/shop.json');

/**
 * Refuses a deployment whose `CURRENCY` (what carts and the catalog are priced
 * in) is not the shop's: the quote would add amounts of two currencies.
 *
 * @example
 * ```ts
 * assertShopCurrency(SHOP, config.currency);
 * ```
 */
export function assertShopCurrency(shop: ShopConfig, currency: string): void {
  if (shop.currency !== currency) {
    throw new Error(
      `CURRENCY is ${currency} but data/shop.json says ${shop.currency}: set CURRENCY=${shop.currency} or change the shop's currency`,
    );
  }
}
