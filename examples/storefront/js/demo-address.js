// Interim, until the cart's drawer asks for the contact and the address itself
// (issue 14): "Check out" ships to this demo address. Nothing ships from the demo.

/** The address every <shopping-cart> on the page checks out to. */
export const DEMO_ADDRESS = {
  name: 'Demo Shopper',
  line1: '1 Market St',
  city: 'San Francisco',
  region: 'CA',
  postalCode: '94105',
  country: 'US',
};

for (const cart of document.querySelectorAll('shopping-cart')) cart.shippingAddress = DEMO_ADDRESS;
