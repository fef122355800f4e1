// Keeps stock and "in N carts" current while the page is open: a slow poll
// while the tab is visible, plus a refresh shortly after this shopper's cart
// changes or an order settles (the server's counts follow within seconds).

const POLL_MS = 15_000;
const AFTER_CHANGE_MS = 2_500;

/**
 * Calls `load` now and again whenever the figures may have moved, handing the
 * result to `apply`. Failures are ignored: the figures stay as they were.
 * @template T
 * @param {() => Promise<T>} load
 * @param {(value: T) => void} apply
 * @returns {() => void} stops watching
 */
export function watchProducts(load, apply) {
  let timer;
  let soon;
  let running = false;
  const refresh = async () => {
    if (running || document.visibilityState === 'hidden') return;
    running = true;
    try {
      apply(await load());
    } catch {
      // Keep the last figures; the next refresh tries again.
    } finally {
      running = false;
    }
  };
  const refreshSoon = () => {
    clearTimeout(soon);
    soon = setTimeout(refresh, AFTER_CHANGE_MS);
  };
  const onCheckout = (event) => {
    if (event.detail?.order?.status !== 'PENDING') refreshSoon();
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible') void refresh();
  };
  timer = setInterval(refresh, POLL_MS);
  document.addEventListener('cart:change', refreshSoon);
  document.addEventListener('cart:checkout', onCheckout);
  document.addEventListener('visibilitychange', onVisible);
  return () => {
    clearInterval(timer);
    clearTimeout(soon);
    document.removeEventListener('cart:change', refreshSoon);
    document.removeEventListener('cart:checkout', onCheckout);
    document.removeEventListener('visibilitychange', onVisible);
  };
}
