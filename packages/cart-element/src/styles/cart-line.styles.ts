import { css } from 'lit';

/**
 * One line of the cart (image, name, prices, stepper, remove), and a followed
 * link's notice above the lines. In the drawer's lazy chunk: `<shopping-cart>`
 * adopts them when that chunk loads, before it renders a line.
 */
export const cartLineStyles = css`
  .link-notice {
    margin: 0 0 1em;
    padding: 0.75em;
    border: 1px solid var(--_border);
    border-inline-start: 4px solid var(--_accent);
    border-radius: var(--_radius);
  }
  .lines {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .line {
    display: grid;
    grid-template-columns: 4rem 1fr auto;
    gap: 0.25em 0.75em;
    padding: 0.75em 0;
    border-bottom: 1px solid var(--_border);
  }
  .line[data-pending] {
    opacity: 0.7;
  }
  .line img,
  .line .no-image {
    grid-row: span 3;
    width: 4rem;
    height: 4rem;
    object-fit: cover;
    border-radius: calc(var(--_radius) / 2);
    background: var(--_border);
  }
  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .unit {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .total {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .controls {
    display: flex;
    align-items: center;
    justify-content: space-between;
    grid-column: 2 / span 2;
  }
  .stepper {
    display: inline-flex;
    align-items: center;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .stepper button {
    width: 2.25em;
    height: 2.25em;
    border: 0;
    background: none;
    font-size: 1em;
  }
  .stepper button[aria-disabled='true'] {
    opacity: 0.4;
    cursor: not-allowed;
  }
  .quantity {
    min-width: 2ch;
    text-align: center;
    font-variant-numeric: tabular-nums;
  }
  .remove {
    border: 0;
    background: none;
    color: var(--_muted);
    text-decoration: underline;
  }
`;
