import { css } from 'lit';

/** The auth forms: stacked labelled inputs. */
export const authPanelStyles = css`
  :host {
    display: block;
  }
  form {
    display: grid;
    gap: 0.75em;
  }
  h3 {
    margin: 0;
    font-size: 1.1em;
  }
  label {
    display: grid;
    gap: 0.25em;
    font-size: 0.95em;
  }
  input {
    font: inherit;
    padding: 0.6em;
    border: 1px solid var(--_muted);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
  }
  .links {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.5em;
  }
  .alert,
  .notice {
    margin: 0;
  }
  .notice:empty {
    display: none;
  }
  .providers {
    display: grid;
    gap: 0.5em;
    margin-top: 0.75em;
  }
  .provider {
    width: 100%;
    padding: 0.7em 1em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    font-weight: 600;
  }
  .provider:hover {
    border-color: var(--_accent);
  }
  .provider[aria-disabled='true'] {
    opacity: 0.6;
    cursor: progress;
  }
  .or {
    margin: 0.75em 0;
    color: var(--_muted);
    font-size: 0.9em;
    text-align: center;
  }
`;
