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
`;
