import '@cartkit/cart-element'; // registers <shopping-cart> and <add-to-cart>
import { createApp } from 'vue';
import App from './App.vue';
import './styles.css';

createApp(App).mount('#app');
