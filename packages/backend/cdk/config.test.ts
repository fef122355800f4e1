import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, readConfig } from './config.js';

const context = (values: Record<string, unknown>) => ({ tryGetContext: (key: string) => values[key] });

describe('readConfig', () => {
  it('gives the safe defaults when the context is empty', () => {
    expect(readConfig(context({}))).toEqual(DEFAULT_CONFIG);
  });

  it('parses -c strings into lists, numbers and booleans', () => {
    const config = readConfig(
      context({
        allowedOrigins: 'https://shop.example.com, https://www.example.com',
        apiRateLimit: '20',
        retainData: 'false',
        currency: 'EUR',
        identityProviders: '{"google":{"clientId":"id","clientSecretName":"s"}}',
        authDomainPrefix: 'shop',
        callbackUrls: 'https://shop.example.com/',
      }),
    );

    expect(config).toMatchObject({
      allowedOrigins: ['https://shop.example.com', 'https://www.example.com'],
      apiRateLimit: 20,
      retainData: false,
      currency: 'EUR',
      identityProviders: { google: { clientId: 'id', clientSecretName: 's' } },
    });
  });

  it.each([
    [{ apiRateLimit: '0' }, /apiRateLimit must be a positive integer/],
    [{ currency: 'euro' }, /ISO 4217/],
    [{ retainData: 'maybe' }, /true or false/],
    [{ mfa: 'sometimes' }, /off, optional or required/],
    [{ domainName: 'shop.example.com' }, /domainName and certificateArn go together/],
    [{ identityProviders: { google: { clientId: 'id', clientSecretName: 's' } } }, /need context authDomainPrefix/],
  ])('rejects %j', (values, message) => {
    expect(() => readConfig(context(values))).toThrow(message);
  });
});
