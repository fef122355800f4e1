import { h } from './dom.js';
import { explain } from './format.js';

/** A section's message line: polite for results, an alert for failures. */
export function notices() {
  const ok = h('p', { class: 'notice ok', role: 'status' });
  const bad = h('p', { class: 'notice error', role: 'alert' });
  return {
    elements: [ok, bad],
    ok(text: string) {
      bad.textContent = '';
      ok.textContent = text; // role=status: announced politely
    },
    fail(error: unknown) {
      ok.textContent = '';
      bad.textContent = explain(error);
    },
    clear() {
      ok.textContent = '';
      bad.textContent = '';
    },
  };
}

/** A table with a caption, column headers and rows (cells are nodes or text). */
export function table(caption: string, headers: string[], rows: (Node | string)[][], empty: string) {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: 0 },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headers.map((text) => h('th', { scope: 'col' }, text)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((cells) =>
          h(
            'tr',
            {},
            cells.map((cell, i) => (i === 0 ? h('th', { scope: 'row' }, cell) : h('td', {}, cell))),
          ),
        ),
      ),
    ),
  );
}

/** Runs `action` with `button` disabled; reports success or failure on `notice`. */
export async function busy(
  button: HTMLButtonElement,
  notice: ReturnType<typeof notices>,
  action: () => Promise<string | undefined>,
) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    const done = await action();
    if (done) notice.ok(done);
  } catch (error) {
    notice.fail(error);
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}
