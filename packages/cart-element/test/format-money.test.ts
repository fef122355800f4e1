import { expect } from '@open-wc/testing';
import { currencyFractionDigits, formatMoney } from '../src/format-money.js';
import { defaultStrings, fill, itemCount } from '../src/strings.js';

describe('formatMoney', () => {
  it('converts minor units with the currency fraction digits', () => {
    expect(currencyFractionDigits('EUR')).to.equal(2);
    expect(currencyFractionDigits('JPY')).to.equal(0);
    expect(currencyFractionDigits('BHD')).to.equal(3);
  });

  it('formats EUR for de-DE', () => {
    expect(formatMoney(1999, 'EUR', 'de-DE')).to.equal('19,99\u00a0€');
  });

  it('formats JPY for ja-JP with no fraction digits', () => {
    expect(formatMoney(1200, 'JPY', 'ja-JP')).to.equal('￥1,200');
  });

  it('formats USD for en-US', () => {
    expect(formatMoney(123456, 'USD', 'en-US')).to.equal('$1,234.56');
  });

  it('survives a malformed locale', () => {
    expect(formatMoney(100, 'USD', 'not a locale!')).to.match(/1/);
  });
});

describe('strings', () => {
  it('fills placeholders and leaves unknown ones', () => {
    expect(fill('Remove {name} {x}', { name: 'Mug' })).to.equal('Remove Mug {x}');
  });

  it('picks the plural form', () => {
    expect(itemCount(defaultStrings, 1, 'en')).to.equal('1 item');
    expect(itemCount(defaultStrings, 2, 'en')).to.equal('2 items');
    expect(itemCount(defaultStrings, 0, 'en')).to.equal('0 items');
  });
});
