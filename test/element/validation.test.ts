import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { CATALOGS } from '../../src/card/messages.ts';
import '../../src/locales/ar.ts';
import { zhCN } from '../../src/locales/zh-CN.ts';
import { field, fillValidCard, messageOf, mount, press, statusText, tab, typeInto, until } from './helpers.ts';

describe('when messages show', () => {
  it('marks a field invalid while typing only once it can no longer become valid', async () => {
    const form = await mount();
    await typeInto(form, 'cardNumber', '411111111111111');
    expect(field(form, 'cardNumber').getAttribute('aria-invalid')).to.equal('false');
    const wrong = await mount();
    await typeInto(wrong, 'cardNumber', '378282246310006');
    expect(field(wrong, 'cardNumber').getAttribute('aria-invalid')).to.equal('true');
    expect(messageOf(wrong, 'cardNumber')).to.equal('');
  });

  it('shows a message when the shopper leaves the field and hides it as soon as the value is fixed', async () => {
    const form = await mount();
    await typeInto(form, 'cardNumber', '4111');
    expect(messageOf(form, 'cardNumber')).to.equal('');
    await tab(form);
    expect(messageOf(form, 'cardNumber')).to.equal('Your card number is incomplete.');
    expect(field(form, 'cardNumber').getAttribute('aria-invalid')).to.equal('true');
    await typeInto(form, 'cardNumber', '111111111111');
    expect(messageOf(form, 'cardNumber')).to.equal('');
    expect(field(form, 'cardNumber').getAttribute('aria-invalid')).to.equal('false');
  });

  it('says nothing about a field the shopper only passed through', async () => {
    const form = await mount();
    field(form, 'cardNumber').focus();
    await tab(form);
    expect(messageOf(form, 'cardNumber')).to.equal('');
  });

  it('links each message to its input and keeps one live region from the first render', async () => {
    const form = await mount();
    const regions = form.shadowRoot!.querySelectorAll('[aria-live]');
    expect(regions.length).to.equal(1);
    expect(regions[0]!.getAttribute('role')).to.equal('status');
    for (const input of form.shadowRoot!.querySelectorAll('input')) {
      const described = input.getAttribute('aria-describedby')!;
      expect(form.shadowRoot!.getElementById(described), input.name).to.exist;
    }
  });

  it('explains expired cards, refused brands and security code lengths', async () => {
    const form = await mount(html`<cache-card-form accepted-brands="VISA MASTERCARD"></cache-card-form>`);
    await typeInto(form, 'cardNumber', '3782');
    await tab(form);
    expect(messageOf(form, 'cardNumber')).to.equal('American Express cards are not accepted here.');
    await typeInto(form, 'expiry', '0120');
    await tab(form);
    expect(messageOf(form, 'expiry')).to.equal('This card has expired.');
    field(form, 'cardNumber').select();
    await typeInto(form, 'cardNumber', '4111111111111111');
    await typeInto(form, 'securityCode', '12');
    await tab(form);
    expect(messageOf(form, 'securityCode')).to.equal('The CVV must have 3 digits.');
  });

  it('refuses a number of no known brand unless the merchant allows unknown brands', async () => {
    const form = await mount();
    await typeInto(form, 'cardNumber', '9999999999999995');
    expect(field(form, 'cardNumber').getAttribute('aria-invalid')).to.equal('true');
    await tab(form);
    expect(messageOf(form, 'cardNumber')).to.equal('This type of card is not accepted here.');
    const open = await mount(html`<cache-card-form allow-unknown-brands></cache-card-form>`);
    await typeInto(open, 'cardNumber', '9999999999999995');
    await tab(open);
    expect(messageOf(open, 'cardNumber')).to.equal('');
  });
});

describe('submitting', () => {
  it('with invalid fields: shows every message, announces them, focuses the first, fires tokenize-error', async () => {
    const form = await mount(html`<cache-card-form submit-button endpoint="/nowhere"></cache-card-form>`);
    await typeInto(form, 'firstName', 'Ada');
    const failed = oneEvent(form, 'tokenize-error');
    form.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    const { detail } = await failed;
    await form.updateComplete;
    expect(detail.code).to.equal('invalid_card');
    expect(Object.keys(detail)).to.deep.equal(['code', 'message']);
    expect(messageOf(form, 'cardNumber')).to.equal('Enter your card number.');
    expect(messageOf(form, 'lastName')).to.equal('Enter the last name shown on the card.');
    expect(messageOf(form, 'firstName')).to.equal('');
    expect(form.shadowRoot!.activeElement).to.equal(field(form, 'cardNumber'));
    await until(
      () => statusText(form) === '5 fields need attention. First: Enter your card number.',
      'the live region announces the problems',
    );
  });

  it('is :state(user-invalid) once the shopper leaves a field invalid, and not before', async () => {
    const form = await mount();
    await typeInto(form, 'cardNumber', '4111');
    expect(form.matches(':state(user-invalid)'), 'while typing').to.equal(false);
    field(form, 'expiry').focus();
    await until(() => form.matches(':state(user-invalid)'), 'user-invalid once the number is left incomplete');
  });

  it('submits on Enter from any field', async () => {
    const form = await mount();
    await typeInto(form, 'firstName', 'Ada');
    const failed = oneEvent(form, 'tokenize-error');
    await press('Enter');
    expect((await failed).detail.code).to.equal('invalid_card');
    // Every other text field of the form, with the full billing address too.
    const full = await mount(html`<cache-card-form billing-address="full"></cache-card-form>`);
    const inputs = [...full.shadowRoot!.querySelectorAll('input')];
    expect(inputs.length).to.be.greaterThan(8);
    for (const input of inputs) {
      input.focus();
      const each = oneEvent(full, 'tokenize-error');
      await press('Enter');
      expect((await each).detail.code, input.name).to.equal('invalid_card');
    }
  });

  it('rejects tokenize() with the same code and a localized message', async () => {
    const form = await mount(html`<cache-card-form locale="zh-CN"></cache-card-form>`);
    const error = await form.tokenize().then(
      () => null,
      (e: Error & { code: string }) => e,
    );
    expect(error!.code).to.equal('invalid_card');
    expect(error!.message).to.contain('请输入卡号');
  });
});

describe('languages', () => {
  // Every key of every pack: test/locales/catalogs.test.ts.
  it('registers the Simplified Chinese pack that was imported', () => {
    expect(CATALOGS['zh-CN']).to.deep.equal(zhCN);
  });

  it("shows labels and messages in the form's locale, from the nearest lang when none is set", async () => {
    const wrapper = await mount(html`<div lang="zh-CN"><cache-card-form></cache-card-form></div>` as never);
    const form = wrapper.querySelector('cache-card-form')!;
    await form.updateComplete;
    expect(form.shadowRoot!.querySelector('label[for="cardNumber"]')!.textContent!.trim()).to.equal('卡号');
    await typeInto(form, 'cardNumber', '4111');
    await tab(form);
    expect(messageOf(form, 'cardNumber')).to.equal('卡号不完整。');
    await typeInto(form, 'expiry', '0120');
    await tab(form);
    expect(messageOf(form, 'expiry')).to.equal('此卡已过期。');
  });

  it('lets the merchant override any string, aria text included', async () => {
    const form = await mount();
    form.messages = { 'label.cardNumber': 'Long number', 'group.card': 'Pay by card', 'cardNumber.incomplete': 'Keep going' };
    await form.updateComplete;
    expect(form.shadowRoot!.querySelector('label[for="cardNumber"]')!.textContent!.trim()).to.equal('Long number');
    await typeInto(form, 'cardNumber', '4');
    await tab(form);
    expect(messageOf(form, 'cardNumber')).to.equal('Keep going');
  });

  it('lays out right to left while card numbers stay left to right', async () => {
    // An Arabic page, and the Arabic pack: the form speaks Arabic, right to left.
    const wrapper = await mount(html`<div dir="rtl" lang="ar"><cache-card-form billing-address="full"></cache-card-form></div>` as never);
    const form = wrapper.querySelector('cache-card-form')!;
    await form.updateComplete;
    expect(getComputedStyle(field(form, 'firstName')).direction).to.equal('rtl');
    expect(getComputedStyle(field(form, 'cardNumber')).direction).to.equal('ltr');
    const first = field(form, 'firstName').getBoundingClientRect();
    const last = field(form, 'lastName').getBoundingClientRect();
    expect(first.left).to.be.greaterThan(last.left); // first name on the right
  });
});

describe('accessibility (axe-core)', () => {
  it('has no violations when empty, in every address mode', async () => {
    for (const mode of ['none', 'postal', 'full']) {
      const form = await mount(html`<cache-card-form billing-address=${mode} submit-button></cache-card-form>`);
      await expect(form).to.be.accessible();
    }
  });

  it('has no violations with messages showing, in Chinese, and when disabled', async () => {
    const form = await mount(html`<cache-card-form submit-button></cache-card-form>`);
    await typeInto(form, 'cardNumber', '378282246310006');
    await form.tokenize().catch(() => undefined);
    await form.updateComplete;
    await expect(form).to.be.accessible();
    const zh = await mount(html`<cache-card-form locale="zh-CN" billing-address="full"></cache-card-form>`);
    await zh.tokenize().catch(() => undefined);
    await zh.updateComplete;
    await expect(zh).to.be.accessible();
    const disabled = await mount(html`<cache-card-form disabled submit-button></cache-card-form>`);
    await expect(disabled).to.be.accessible();
  });

  it('has no violations while busy and once a card is saved', async () => {
    const form = await mount(html`<cache-card-form endpoint="/cache-card" submit-button></cache-card-form>`);
    await fillValidCard(form);
    const saving = form.tokenize();
    await form.updateComplete;
    await expect(form).to.be.accessible();
    await saving;
    await form.updateComplete;
    await expect(form).to.be.accessible();
  });

  it('is operable by keyboard alone, in visual order', async () => {
    const form = await mount(html`<cache-card-form submit-button></cache-card-form>`);
    field(form, 'cardNumber').focus();
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      await sendKeys({ press: 'Tab' });
      const active = form.shadowRoot!.activeElement as HTMLInputElement;
      order.push(active.name || active.getAttribute('part')!);
    }
    expect(order).to.deep.equal(['expiry', 'securityCode', 'firstName', 'lastName', 'postalCode', 'submit']);
  });
});
