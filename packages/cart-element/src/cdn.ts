/**
 * The CDN entry (`dist/cdn/shopping-cart.js`): Lit and the SDK inside, the
 * sign-in UI in a lazy chunk. One script tag registers the tags and enables
 * `data-cart-add` buttons.
 */
import './add-to-cart.js';
import './shopping-cart.js';
import { installDelegatedAdd } from './delegated-add.js';

installDelegatedAdd();

export * from './index.js';
