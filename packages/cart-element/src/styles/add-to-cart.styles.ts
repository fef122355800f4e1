import { css } from 'lit';

/** The product-page button: the theme's primary button, inline, with room for the feedback mark. */
export const addToCartStyles = css`
  :host {
    display: inline-block;
    font-family: var(--_font);
  }
  .primary {
    display: inline-flex;
    gap: 0.5em;
    align-items: center;
    justify-content: center;
  }
`;
