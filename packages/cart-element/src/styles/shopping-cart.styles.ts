import { css } from 'lit';

/** Layout of `<shopping-cart>`: the toggle with its badge and the drawer. */
export const shoppingCartStyles = css`
  :host {
    display: inline-block;
    font-family: var(--_font);
    color: var(--_fg);
  }
  .toggle {
    position: relative;
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    padding: 0.5em 0.75em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }
  .toggle svg {
    width: 1.4em;
    height: 1.4em;
  }
  .badge {
    min-width: 1.5em;
    padding: 0.1em 0.4em;
    border-radius: 999px;
    background: var(--cart-badge-bg, var(--_accent));
    color: var(--cart-badge-fg, var(--_accent-fg));
    font-size: 0.8em;
    font-weight: 700;
    text-align: center;
    font-variant-numeric: tabular-nums;
  }
  dialog {
    box-sizing: border-box;
    position: fixed;
    inset: 0 0 0 auto;
    width: var(--cart-drawer-width, min(26rem, 100vw));
    max-width: 100vw;
    height: 100dvh;
    max-height: none;
    margin: 0;
    padding: 0;
    border: 0;
    background: var(--_bg);
    color: var(--_fg);
    font-family: var(--_font);
    box-shadow: -8px 0 24px rgb(0 0 0 / 0.2);
  }
  dialog::backdrop {
    background: var(--cart-backdrop, rgb(0 0 0 / 0.4));
  }
  @media (prefers-reduced-motion: no-preference) {
    dialog[open] {
      animation: slide-in 180ms ease-out;
    }
    @keyframes slide-in {
      from {
        transform: translateX(100%);
      }
    }
  }
  .panel {
    display: flex;
    flex-direction: column;
    height: 100%;
  }
  /* Not <header>/<footer>: inside the shadow root they would be a second banner and contentinfo of the page. */
  .header,
  .footer {
    padding: 1em 1.25em;
  }
  .header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    border-bottom: 1px solid var(--_border);
  }
  h2 {
    margin: 0;
    font-size: 1.2em;
  }
  h2:focus {
    outline: none;
  }
  h2:focus-visible {
    outline: var(--_focus);
  }
  .close {
    width: 2.25em;
    height: 2.25em;
    border: 0;
    border-radius: var(--_radius);
    background: none;
    font-size: 1.2em;
  }
  .body {
    flex: 1;
    overflow-y: auto;
    padding: 1em 1.25em;
  }
  .state {
    color: var(--_muted);
    text-align: center;
    padding: 2em 0;
  }
  .footer {
    border-top: 1px solid var(--_border);
    display: grid;
    gap: 0.75em;
  }
  .subtotal {
    display: flex;
    justify-content: space-between;
    font-weight: 600;
  }
  .account {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.5em;
    color: var(--_muted);
    font-size: 0.9em;
  }
`;
