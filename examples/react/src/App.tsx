import type { Product } from '@cartkit/cart-sdk';
import { ShoppingCart, useCart, useCartClient } from '@cartkit/react';
import { useEffect, useState } from 'react';

/** The catalog's first page, once the client exists. */
function useProducts(): Product[] | null {
  const client = useCartClient();
  const [products, setProducts] = useState<Product[] | null>(null);
  useEffect(() => {
    if (!client) return;
    let live = true;
    client.listProducts({ limit: 50 }).then(
      (page) => live && setProducts(page.items),
      () => live && setProducts([]),
    );
    return () => {
      live = false;
    };
  }, [client]);
  return products;
}

function ProductCard({ product }: { product: Product }) {
  const { cart, add } = useCart();
  const inCart = cart?.items.find((line) => line.sku === product.sku)?.quantity ?? 0;
  const price = new Intl.NumberFormat('en-US', { style: 'currency', currency: product.currency }).format(
    product.unitPrice / 100,
  );
  return (
    <article className="product" data-sku={product.sku}>
      <h2>{product.name}</h2>
      <p>{price}</p>
      {/* The errors are in the snapshot and the element's alert; a rejected add was rolled back. */}
      <button type="button" onClick={() => add(product.sku, 1, { product }).catch(() => undefined)}>
        Add {product.name}
      </button>
      <p className="in-cart">{inCart > 0 ? `${inCart} in your cart` : ''}</p>
    </article>
  );
}

export function App() {
  const products = useProducts();
  const { cart, status } = useCart();
  const [lastEvent, setLastEvent] = useState('');
  return (
    <>
      <header className="masthead">
        <h1>React shop</h1>
        <p id="summary" data-status={status}>
          {cart ? `${cart.itemCount} items in the cart` : 'Loading the cart…'}
        </p>
        <ShoppingCart
          locale="en-US"
          onCartChange={(e) => setLastEvent(`cart:change ${e.detail.cart.itemCount}`)}
          onCartOpen={(e) => setLastEvent(`cart:open ${e.detail.trigger}`)}
        />
      </header>
      <main className="products" data-state={products ? 'ready' : 'loading'}>
        {products?.map((product) => (
          <ProductCard key={product.sku} product={product} />
        ))}
      </main>
      <footer id="last-event">{lastEvent}</footer>
    </>
  );
}
