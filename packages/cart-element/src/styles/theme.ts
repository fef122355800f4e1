import { css } from 'lit';

/**
 * The themable tokens, each a `--cart-*` custom property with a fallback, so
 * the host page themes the cart without reaching into its shadow root.
 */
export const theme = css`
  :host {
    --_accent: var(--cart-accent, #0b57d0);
    --_accent-fg: var(--cart-accent-fg, #ffffff);
    --_bg: var(--cart-bg, #ffffff);
    --_fg: var(--cart-fg, #1b1b1f);
    --_muted: var(--cart-muted, #53535f);
    --_border: var(--cart-border, #d4d4dc);
    --_danger: var(--cart-danger, #b3261e);
    --_radius: var(--cart-radius, 8px);
    --_font: var(--cart-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_focus: var(--cart-focus-ring, 2px solid var(--_accent));
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  button:focus-visible,
  input:focus-visible,
  a:focus-visible {
    outline: var(--_focus);
    outline-offset: 2px;
  }
  .primary {
    width: 100%;
    padding: 0.75em 1em;
    border: 0;
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_accent-fg);
    font-weight: 600;
  }
  .primary[disabled],
  .primary[aria-disabled='true'] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .link {
    padding: 0;
    border: 0;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
  }
  .alert {
    margin: 0 0 1em;
    padding: 0.75em;
    border-radius: var(--_radius);
    border: 1px solid var(--_danger);
    color: var(--_danger);
    background: var(--_bg);
  }
`;
