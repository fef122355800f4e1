import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { describe, expect, it } from 'vitest';
import { handlerCredentials } from '../../support/aws-config.js';
import { type SignedRequest, verifySigV4 } from './sigv4.js';

/** One PostToConnection as the real AWS SDK signs and sends it, captured by a plain HTTP server. */
async function capturedSdkRequest(credentials: {
  accessKeyId: string;
  secretAccessKey: string;
}): Promise<SignedRequest> {
  let captured: SignedRequest | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      captured = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        bodySha256: createHash('sha256').update(body).digest('hex'),
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new ApiGatewayManagementApiClient({
    endpoint: `http://127.0.0.1:${port}/@connections`,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  });
  await client.send(
    new PostToConnectionCommand({ ConnectionId: 'Ab+c/d=', Data: new TextEncoder().encode('{"type":"cart.updated"}') }),
  );
  client.destroy();
  await new Promise((resolve) => server.close(resolve));
  if (!captured) throw new Error('nothing captured');
  return captured;
}

describe('verifySigV4', () => {
  it('accepts what the AWS SDK signs with the same key, and nothing altered, replayed late or signed with another key', async () => {
    const credentials = handlerCredentials();
    const request = await capturedSdkRequest(credentials);
    const signedAt = Date.parse(
      String(request.headers['x-amz-date']).replace(
        /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/,
        '$1-$2-$3T$4:$5:$6Z',
      ),
    );

    expect(verifySigV4(request, credentials, signedAt)).toBeUndefined();
    expect(verifySigV4(request, credentials, signedAt + 6 * 60_000)).toBe('signature expired or from the future');
    expect(verifySigV4(request, { ...credentials, secretAccessKey: 'another' }, signedAt)).toBe(
      'signature does not match',
    );
    expect(verifySigV4(request, { ...credentials, accessKeyId: 'AKIAOTHER' }, signedAt)).toBe('unknown access key');
    expect(verifySigV4({ ...request, bodySha256: '0'.repeat(64) }, credentials, signedAt)).toBe(
      'body does not match its signed hash',
    );
    const { 'x-amz-content-sha256': __, ...undeclared } = request.headers;
    expect(verifySigV4({ ...request, headers: undeclared }, credentials, signedAt)).toBe('signature does not match');
    expect(verifySigV4({ ...request, url: request.url.replace('Ab', 'Xy') }, credentials, signedAt)).toBe(
      'signature does not match',
    );
    expect(verifySigV4({ ...request, method: 'DELETE' }, credentials, signedAt)).toBe('signature does not match');
    const { authorization: _, ...unsigned } = request.headers;
    expect(verifySigV4({ ...request, headers: unsigned }, credentials, signedAt)).toBe('no SigV4 Authorization header');
  });
});
