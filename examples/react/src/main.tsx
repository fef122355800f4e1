import '@cartkit/cart-element'; // registers <shopping-cart> and <add-to-cart>
import { CartProvider } from '@cartkit/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import './styles.css';

const apiUrl = import.meta.env.VITE_CARTKIT_API ?? 'http://localhost:3000/api';
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <CartProvider apiUrl={apiUrl}>
      <App />
    </CartProvider>
  </StrictMode>,
);
