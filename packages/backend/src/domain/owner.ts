/**
 * Who a cart belongs to. A cart is found only through its owner, and the owner
 * only through the caller's verified credentials.
 */
export type Owner =
  | { readonly kind: 'user'; readonly id: string; readonly username: string }
  | { readonly kind: 'anonymous'; readonly id: string; readonly issuedAt: number };

/** The partition key of an owner's cart, e.g. `user#<sub>` or `anon#<id>`. */
export function ownerKey(owner: Pick<Owner, 'kind' | 'id'>): string {
  return owner.kind === 'user' ? `user#${owner.id}` : `anon#${owner.id}`;
}

/** Parses an owner key back into its kind and id. */
export function parseOwnerKey(key: string): { kind: Owner['kind']; id: string } | undefined {
  if (key.startsWith('user#')) return { kind: 'user', id: key.slice(5) };
  if (key.startsWith('anon#')) return { kind: 'anonymous', id: key.slice(5) };
  return undefined;
}
