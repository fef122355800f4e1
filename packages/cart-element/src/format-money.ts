const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string, locale: string | undefined): Intl.NumberFormat {
  const key = `${locale ?? ''}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    try {
      formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    } catch {
      // A malformed `locale` attribute must not break rendering: fall back to the default locale.
      formatter = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    }
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * How many minor units make one major unit of `currency` (2 for EUR, 0 for JPY, 3 for BHD),
 * from the browser's ISO 4217 data.
 */
export function currencyFractionDigits(currency: string): number {
  return formatterFor(currency, 'en').resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Formats integer minor units (the wire format) as a price in `currency` for `locale`.
 *
 * @example
 * ```ts
 * formatMoney(1999, 'EUR', 'de-DE'); // "19,99 €"
 * formatMoney(1200, 'JPY', 'ja-JP'); // "￥1,200"
 * ```
 */
export function formatMoney(minorUnits: number, currency: string, locale?: string): string {
  const major = minorUnits / 10 ** currencyFractionDigits(currency);
  return formatterFor(currency, locale || undefined).format(major);
}
