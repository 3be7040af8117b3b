// The demo checkout's page logic, shared by the ESM page (imported by main.ts) and the script-tag page (a plain
// <script src>). A plain form posts a card token: the element holds the submit back until the card is
// tokenized, then lets it go with `cardToken` in the form data.
(() => {
  const card = document.querySelector('cache-card-form');
  const checkout = document.querySelector('#checkout');
  const outcome = document.querySelector('#outcome');
  const locale = document.querySelector('#locale');

  locale?.addEventListener('change', () => {
    document.documentElement.lang = locale.value;
    card.locale = locale.value;
  });

  card.addEventListener('tokenized', (event) => {
    document.querySelector('#token').textContent = event.detail.cardToken;
    document.querySelector('#mask').textContent = event.detail.mask;
  });

  // A real shop posts to its server here; the demo shows what would be posted instead.
  checkout.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = [...new FormData(checkout)].map(([name, value]) => `${name}=${String(value)}`).join('&');
    document.querySelector('#form-data').textContent = data;
    checkout.hidden = true;
    outcome.hidden = false;
    outcome.querySelector('h2').focus();
  });

  document.querySelector('#again').addEventListener('click', () => {
    checkout.reset();
    outcome.hidden = true;
    checkout.hidden = false;
    card.focus();
  });
})();
