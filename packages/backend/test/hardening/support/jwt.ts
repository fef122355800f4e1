import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Token crafting for the auth tests. cognito-local signs every token with one
// RSA key that ships inside its npm package (kid "CognitoLocal"), so on the
// local stack a test can mint a token that differs from a real one in exactly
// one claim, and prove that claim alone gets it refused. (On AWS the pool's
// keys are Cognito's and never leave it: see docs/security.md.)

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** cognito-local's signing key (PEM), read from its package. */
export function cognitoLocalPrivateKey(): string {
  const packageDir = dirname(createRequire(import.meta.url).resolve('cognito-local/package.json'));
  const file = join(packageDir, 'lib', 'keys', 'cognitoLocal.private.json');
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { pem: string };
  return parsed.pem;
}

/** cognito-local's public key (PEM): what an alg-confusion attacker would use as an HMAC secret. */
export function cognitoLocalPublicKey(): string {
  const packageDir = dirname(createRequire(import.meta.url).resolve('cognito-local/package.json'));
  const file = join(packageDir, 'lib', 'keys', 'cognitoLocal.public.json');
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { pem?: string; jwk?: unknown };
  return parsed.pem ?? JSON.stringify(parsed.jwk);
}

/** A fresh RSA key that is not the pool's. */
export function strangerKey(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
}

/** An RS256 JWT over `claims`, signed with `privateKeyPem`, under header `kid`. */
export function signRs256(claims: Record<string, unknown>, privateKeyPem: string, kid = 'CognitoLocal'): string {
  const input = `${b64url({ alg: 'RS256', typ: 'JWT', kid })}.${b64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(privateKeyPem).toString('base64url');
  return `${input}.${signature}`;
}

/** An HS256 JWT keyed with `secret` (the alg-confusion attack when the secret is the public key). */
export function signHs256(claims: Record<string, unknown>, secret: string, kid = 'CognitoLocal'): string {
  const input = `${b64url({ alg: 'HS256', typ: 'JWT', kid })}.${b64url(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** An unsigned JWT (`alg: none`). */
export function unsigned(claims: Record<string, unknown>): string {
  return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`;
}

/** The claims of a JWT, unverified. */
export function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
