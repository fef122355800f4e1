import { randomBytes } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminLinkProviderForUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';

/**
 * One person, one cart: a provider sign-in always lands on a native (email) user of the pool.
 * These are the Cognito calls that make it so, used by the PreSignUp trigger on AWS
 * (`handlers/pre-sign-up.ts`) and by the local hosted sign-in against cognito-local, so the
 * "find the native user by email" part runs against a real emulator in the integration tests.
 */

/** A native user of the pool, as ListUsers shows it. */
export interface NativeUser {
  readonly username: string;
  readonly status: string;
  readonly sub: string | undefined;
}

/** What to do with the native user an email names (pure: `decideLink`). */
export type LinkPlan =
  | { readonly action: 'link'; readonly username: string }
  | { readonly action: 'create' }
  /** An UNCONFIRMED sign-up: nobody proved that email, so it must not receive the provider's identity. */
  | { readonly action: 'replace'; readonly username: string }
  /**
   * FORCE_CHANGE_PASSWORD: created without its permanent password (an earlier trigger run cut short
   * between AdminCreateUser and AdminSetUserPassword, or an invitation): given the unknown password
   * first, so it is CONFIRMED and "forgot password" works for it, then linked.
   */
  | { readonly action: 'finish'; readonly username: string };

/**
 * Chooses how a provider identity with this (provider-verified) email joins the pool.
 * An unconfirmed password sign-up is replaced rather than linked: otherwise whoever typed
 * someone else's email and a password of their choosing would receive that person's
 * provider sign-ins (a pre-account takeover).
 *
 * @example
 * ```ts
 * decideLink({ username: 'u-1', status: 'CONFIRMED', sub: 's' }); // { action: 'link', username: 'u-1' }
 * ```
 */
export function decideLink(native: NativeUser | undefined): LinkPlan {
  if (!native) return { action: 'create' };
  if (native.status === 'UNCONFIRMED') return { action: 'replace', username: native.username };
  if (native.status === 'FORCE_CHANGE_PASSWORD') return { action: 'finish', username: native.username };
  return { action: 'link', username: native.username };
}

/** ListUsers' filter syntax: a double-quoted value, with `\` and `"` escaped. */
function filterValue(value: string): string {
  return value.replace(/["\\]/g, (c) => `\\${c}`);
}

/**
 * The pool's native user with this email, if any (federated entries, status
 * `EXTERNAL_PROVIDER`, are skipped: they are what gets linked, never the target). The email is
 * looked up as given, then lower-cased: ListUsers' filter compares exactly (cognito-local's
 * does), and addresses are stored as they were typed.
 *
 * @example
 * ```ts
 * const native = await findNativeUserByEmail(client, poolId, 'ada@example.com');
 * ```
 */
export async function findNativeUserByEmail(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  email: string,
): Promise<NativeUser | undefined> {
  const wanted = email.toLowerCase();
  for (const candidate of new Set([email, wanted])) {
    const listed = await client.send(
      new ListUsersCommand({ UserPoolId: userPoolId, Filter: `email = "${filterValue(candidate)}"`, Limit: 10 }),
    );
    for (const user of listed.Users ?? []) {
      if (!user.Username || user.UserStatus === 'EXTERNAL_PROVIDER') continue;
      const address = user.Attributes?.find((a) => a.Name === 'email')?.Value;
      if (address?.toLowerCase() !== wanted) continue;
      return {
        username: user.Username,
        status: user.UserStatus ?? 'UNKNOWN',
        sub: user.Attributes?.find((a) => a.Name === 'sub')?.Value,
      };
    }
  }
  return undefined;
}

/**
 * A random password that meets the pool's policy (12+ characters, every class). Nobody
 * learns it: a provider-created account has, in effect, no password until "forgot password".
 * It is set permanent so the account is CONFIRMED, which "forgot password" needs.
 */
export function unusablePassword(): string {
  return `${randomBytes(24).toString('base64url')}aA1!`;
}

/** Sets {@link unusablePassword} as the user's permanent password (the user is CONFIRMED after). */
async function setUnusablePassword(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  username: string,
): Promise<void> {
  await client.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: userPoolId,
      Username: username,
      Password: unusablePassword(),
      Permanent: true,
    }),
  );
}

/**
 * Creates the native user a provider identity will be linked to: the email, verified
 * (the provider vouched for it), no welcome message, an unknown permanent password.
 * Returns its username.
 *
 * @example
 * ```ts
 * const username = await createNativeUser(client, poolId, 'ada@example.com');
 * ```
 */
export async function createNativeUser(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  email: string,
): Promise<string> {
  const created = await client.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: email,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
  );
  const username = created.User?.Username;
  if (!username) throw new Error('AdminCreateUser returned no username');
  await setUnusablePassword(client, userPoolId, username);
  return username;
}

/** Deletes the unconfirmed sign-up that `decideLink` chose to replace. */
export async function deleteUnconfirmedUser(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  username: string,
): Promise<void> {
  await client.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: username }));
}

/**
 * Links a provider identity (`Google` + Google's subject) to a native user, so that
 * signing in with the provider signs in as that user: same `sub`, same cart.
 *
 * @example
 * ```ts
 * await linkProviderToUser(client, poolId, 'u-1', { providerName: 'Google', providerUserId: '1234' });
 * ```
 */
export async function linkProviderToUser(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  username: string,
  identity: { readonly providerName: string; readonly providerUserId: string },
): Promise<void> {
  await client.send(
    new AdminLinkProviderForUserCommand({
      UserPoolId: userPoolId,
      DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: username },
      SourceUser: {
        ProviderName: identity.providerName,
        ProviderAttributeName: 'Cognito_Subject',
        ProviderAttributeValue: identity.providerUserId,
      },
    }),
  );
}

/**
 * The native user a provider sign-in with this verified email belongs to, made so if needed:
 * found (linked to), created, or created in place of an unconfirmed sign-up. Returns its username.
 */
export async function nativeUserForProvider(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  email: string,
): Promise<{ username: string; plan: LinkPlan }> {
  const plan = decideLink(await findNativeUserByEmail(client, userPoolId, email));
  if (plan.action === 'link') return { username: plan.username, plan };
  if (plan.action === 'finish') {
    await setUnusablePassword(client, userPoolId, plan.username);
    return { username: plan.username, plan };
  }
  if (plan.action === 'replace') await deleteUnconfirmedUser(client, userPoolId, plan.username);
  return { username: await createNativeUser(client, userPoolId, email.toLowerCase()), plan };
}
