import type { PreSignUpTriggerEvent } from 'aws-lambda';
import { ACCOUNT_LINKED_MARKER, SIGN_UP_REFUSALS } from '../domain/sign-in-state.js';

/**
 * Federated sign-in's linking on AWS (issue 18), run by the PreSignUp trigger: one person, one
 * cart. Cognito calls PreSignUp with `PreSignUp_ExternalProvider` the first time a provider
 * identity (`Google_1234...`) signs in; this finds the native (email) user with the provider's
 * verified email, creating it if there is none (or in place of an unconfirmed sign-up), and
 * links the identity to it, so that this and every later sign-in with the provider is that
 * native user: same `sub`, same cart, and the password (if any) still works.
 *
 * Cognito's known quirk: once PreSignUp has linked the identity, Cognito still tries to create
 * the federated user and fails that first sign-in ("Already found an entry for username ...").
 * So this stops that sign-in itself, with a message the callback page recognises
 * (`ACCOUNT_LINKED_MARKER` → `account_linked`), and the SDK starts the sign-in again once; the
 * second attempt finds the link and signs in as the native user.
 */

/** The pool calls linking needs (`adapters/account-linking.ts` on the Cognito client). */
export interface AccountLinker {
  nativeUserFor(email: string): Promise<{ username: string }>;
  link(username: string, identity: ProviderIdentity): Promise<void>;
}

export interface ProviderIdentity {
  /** The identity provider's name in the pool (`Google`, `SignInWithApple`, an OIDC name). */
  readonly providerName: string;
  /** The provider's subject for the person. */
  readonly providerUserId: string;
}

/** Providers that only ever share a confirmed address and send no `email_verified`. */
const CONFIRMED_EMAIL_PROVIDERS = new Set(['Facebook', 'LoginWithAmazon']);

/**
 * The provider and subject in a federated user name (`Google_1234`, sometimes `google_1234`),
 * matched against the pool's provider names (case-insensitive); undefined for any other name.
 *
 * @example
 * ```ts
 * providerIdentity('google_1234', ['Google']); // { providerName: 'Google', providerUserId: '1234' }
 * ```
 */
export function providerIdentity(userName: string, providerNames: readonly string[]): ProviderIdentity | undefined {
  const lower = userName.toLowerCase();
  for (const name of providerNames) {
    const prefix = `${name.toLowerCase()}_`;
    if (lower.startsWith(prefix) && userName.length > prefix.length) {
      return { providerName: name, providerUserId: userName.slice(prefix.length) };
    }
  }
  return undefined;
}

/**
 * Handles one PreSignUp event: any source but `PreSignUp_ExternalProvider` passes unchanged;
 * a provider sign-up is linked (then stopped, see above), or refused with a message for the
 * shopper when the provider shares no verified email.
 */
export async function linkFederatedSignUp(
  event: PreSignUpTriggerEvent,
  linker: AccountLinker,
  providerNames: readonly string[],
): Promise<PreSignUpTriggerEvent> {
  if (event.triggerSource !== 'PreSignUp_ExternalProvider') return event;
  const identity = providerIdentity(event.userName, providerNames);
  if (!identity)
    throw new Error(`Sign-in through a provider this shop does not know (${event.userName.split('_')[0]}).`);
  const attributes = event.request.userAttributes;
  const email = attributes.email?.trim();
  if (!email) {
    throw new Error(`${SIGN_UP_REFUSALS.emailMissing.marker}: the provider shared no email address.`);
  }
  const verified = attributes.email_verified === 'true' || CONFIRMED_EMAIL_PROVIDERS.has(identity.providerName);
  if (!verified) {
    throw new Error(`${SIGN_UP_REFUSALS.emailNotVerified.marker}: the provider has not verified the email address.`);
  }
  const { username } = await linker.nativeUserFor(email);
  await linker.link(username, identity);
  throw new Error(ACCOUNT_LINKED_MARKER);
}
