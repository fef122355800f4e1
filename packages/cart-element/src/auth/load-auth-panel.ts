let loading: Promise<unknown> | undefined;

/**
 * Loads the `<cart-auth-panel>` chunk once, the first time the sign-in UI is
 * opened, so shoppers who never sign in never download it (nor the SDK's
 * Cognito code, which it pulls in only when a form is submitted).
 *
 * @example
 * ```ts
 * await loadAuthPanel(); // customElements.get('cart-auth-panel') is now defined
 * ```
 */
export function loadAuthPanel(): Promise<unknown> {
  loading ??= import('./cart-auth-panel.js').catch((error: unknown) => {
    loading = undefined; // let a later open retry after a network blip
    throw error;
  });
  return loading;
}
