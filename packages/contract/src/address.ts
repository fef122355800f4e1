import * as v from 'valibot';
import { LIMITS } from './limits.js';

// Address fields are shown on labels, receipts and the order page and go into
// emails: control characters (newlines, tabs, NUL) are refused rather than
// stored, so no field can break a line or a header.
const NO_CONTROL = /^[^\p{Cc}]*$/u;

/** A required free-text field: trimmed, 1..`max` characters, no control characters. */
function requiredText(missing: string, max: number) {
  return v.pipe(
    v.string(missing),
    v.trim(),
    v.nonEmpty(missing),
    v.maxLength(max, `Keep this to ${max} characters or fewer.`),
    v.regex(NO_CONTROL, 'Use letters, digits and punctuation only.'),
  );
}

/** An optional free-text field: trimmed; an empty string means "not given". */
function optionalText(max: number) {
  return v.optional(
    v.pipe(
      v.string('Enter text here, or leave it empty.'),
      v.trim(),
      v.maxLength(max, `Keep this to ${max} characters or fewer.`),
      v.regex(NO_CONTROL, 'Use letters, digits and punctuation only.'),
      v.transform((value) => (value === '' ? undefined : value)),
    ),
  );
}

/**
 * An ISO 3166-1 alpha-2 country code, trimmed and upper-cased (`" gb"` reads as `"GB"`).
 * Only the format is checked here; whether the shop ships there is the quote's
 * `COUNTRY_NOT_SHIPPED` problem.
 *
 * @example
 * ```ts
 * v.parse(CountryCodeSchema, 'de'); // 'DE'
 * ```
 */
export const CountryCodeSchema = v.pipe(
  v.string('Choose a country.'),
  v.trim(),
  v.toUpperCase(),
  v.regex(/^[A-Z]{2}$/, 'Choose a country (a two-letter code such as US or GB).'),
);
export type CountryCode = v.InferOutput<typeof CountryCodeSchema>;

/**
 * Where an order is shipped. Every text field is trimmed; `line2` and `region`
 * are optional (an empty string reads as absent). Unknown fields are refused.
 *
 * @example
 * ```ts
 * v.parse(ShippingAddressSchema, {
 *   name: 'Ada Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB',
 * });
 * ```
 */
export const ShippingAddressSchema = v.strictObject({
  name: requiredText('Enter the name of the person receiving the order.', LIMITS.maxAddressFieldLength),
  line1: requiredText('Enter the street address.', LIMITS.maxAddressFieldLength),
  line2: optionalText(LIMITS.maxAddressFieldLength),
  city: requiredText('Enter the town or city.', LIMITS.maxAddressFieldLength),
  region: optionalText(LIMITS.maxRegionLength),
  postalCode: v.pipe(
    v.string('Enter the postal code.'),
    v.trim(),
    v.nonEmpty('Enter the postal code.'),
    v.maxLength(
      LIMITS.maxPostalCodeLength,
      `Keep the postal code to ${LIMITS.maxPostalCodeLength} characters or fewer.`,
    ),
    v.regex(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, 'Use only letters, digits, spaces and hyphens in the postal code.'),
  ),
  country: CountryCodeSchema,
});
export type ShippingAddress = v.InferOutput<typeof ShippingAddressSchema>;

/**
 * A shopper's email address: trimmed, at most 254 characters.
 *
 * @example
 * ```ts
 * v.is(EmailSchema, 'ada@example.com'); // true
 * ```
 */
export const EmailSchema = v.pipe(
  v.string('Enter your email address.'),
  v.trim(),
  v.nonEmpty('Enter your email address.'),
  v.maxLength(LIMITS.maxEmailLength, `Keep the email address to ${LIMITS.maxEmailLength} characters or fewer.`),
  v.email('Enter an email address like name@example.com.'),
);
