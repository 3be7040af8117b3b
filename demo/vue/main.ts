// The checkout in Vue 3 (vite.config.ts tells Vue's compiler that cache-card-form is a custom element).
import { createApp } from 'vue';
import '../../src/define.ts';
import Checkout from './Checkout.vue';

createApp(Checkout).mount('#app');
