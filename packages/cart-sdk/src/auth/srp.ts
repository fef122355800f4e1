/**
 * Cognito's SRP-6a (USER_SRP_AUTH) on native BigInt and WebCrypto: the values
 * `amazon-cognito-identity-js`'s AuthenticationHelper computes (its `srp.test.ts`
 * checks that on random inputs), without jsbn, a `buffer` polyfill or a hash
 * library. Part of the lazy auth chunk.
 */
const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';
/** The 3072-bit group prime (RFC 5054) Cognito uses; the generator is 2. */
export const N = BigInt(`0x${N_HEX}`);
const g = 2n;
const text = new TextEncoder();

/** Even-length hex with a leading 00 when the top bit is set (Java's toByteArray of a positive number). */
export function padHex(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return /^[89a-f]/i.test(hex) ? `00${hex}` : hex;
}

const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
const toHex = (bytes: ArrayBuffer | Uint8Array) =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
const concat = (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

type Bytes = Uint8Array<ArrayBuffer>;

async function sha256(data: Bytes): Promise<Bytes> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}

async function hmac(key: Bytes, data: Bytes): Promise<Bytes> {
  const k = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, data));
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

const hashHex = async (bytes: Bytes) => toHex(await sha256(bytes));

/** A fresh secret `a` (128 random bytes) and the public `A = g^a mod N` to send as `SRP_A`. */
export function srpStart(a = BigInt(`0x${toHex(crypto.getRandomValues(new Uint8Array(128)))}`)): {
  a: bigint;
  A: bigint;
} {
  return { a, A: modPow(g, a, N) };
}

/** The 16-byte key from the server's `SRP_B` and `SALT` (hex), for `userIdForSrp` and `password` in pool `poolName`. */
export async function passwordKey(
  poolName: string,
  userIdForSrp: string,
  password: string,
  { a, A }: { a: bigint; A: bigint },
  serverB: bigint,
  salt: bigint,
): Promise<Uint8Array<ArrayBuffer>> {
  if (serverB % N === 0n) throw new Error('SRP: B cannot be zero');
  const k = BigInt(`0x${await hashHex(fromHex(padHex(N) + padHex(g)))}`);
  const u = BigInt(`0x${await hashHex(fromHex(padHex(A) + padHex(serverB)))}`);
  if (u === 0n) throw new Error('SRP: U cannot be zero');
  const userHash = await hashHex(text.encode(`${poolName}${userIdForSrp}:${password}`));
  const x = BigInt(`0x${await hashHex(fromHex(padHex(salt) + userHash))}`);
  const S = modPow(serverB - k * modPow(g, x, N), a + u * x, N);
  const prk = await hmac(fromHex(padHex(u)), fromHex(padHex(S)));
  return (await hmac(prk, concat(text.encode('Caldera Derived Key'), Uint8Array.of(1)))).slice(0, 16);
}

/** `PASSWORD_CLAIM_SIGNATURE` (base64) over pool name, user id, the secret block and the timestamp. */
export async function claimSignature(
  key: Uint8Array<ArrayBuffer>,
  poolName: string,
  userIdForSrp: string,
  secretBlock: string,
  timestamp: string,
): Promise<string> {
  const block = Uint8Array.from(atob(secretBlock), (c) => c.charCodeAt(0));
  const message = concat(text.encode(poolName), text.encode(userIdForSrp), block, text.encode(timestamp));
  return btoa(String.fromCharCode(...(await hmac(key, message))));
}

/** Cognito's timestamp format, `ddd MMM D HH:mm:ss UTC YYYY`. */
export function cognitoTimestamp(now = new Date()): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${days[now.getUTCDay()]} ${months[now.getUTCMonth()]} ${now.getUTCDate()} ${two(now.getUTCHours())}:${two(now.getUTCMinutes())}:${two(now.getUTCSeconds())} UTC ${now.getUTCFullYear()}`;
}
