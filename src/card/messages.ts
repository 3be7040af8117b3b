/**
 * Every string the form shows or announces, per locale: labels, field messages, tokenization errors and the
 * live region's words. A merchant overrides any of them with the element's `messages` property; the proxy
 * uses the English catalog for the `message` of its error answers.
 */
import type { CardFieldName } from './contract.ts';
import type { TokenizeErrorCode } from './errors.ts';
import type { FieldProblem } from './validate.ts';

export type MessageKey =
  | `label.${CardFieldName}`
  | `${CardFieldName}.${FieldProblem}`
  | `error.${TokenizeErrorCode}`
  | 'placeholder.cardNumber'
  | 'placeholder.expiry'
  | 'placeholder.country'
  | 'optional'
  | 'group.card'
  | 'group.name'
  | 'group.address'
  | 'brand.unknown'
  | 'submit'
  | 'submit.busy'
  | 'status.tokenizing'
  | 'status.tokenized'
  | 'status.errors.one'
  | 'status.errors.other'
  | 'frame.title';

export type Messages = Partial<Record<MessageKey, string>>;

const en: Messages = {
  'label.cardNumber': 'Card number',
  'label.expiry': 'Expiry date',
  'label.securityCode': 'Security code ({code})',
  'label.firstName': 'First name',
  'label.lastName': 'Last name',
  'label.country': 'Country or region',
  'label.state': 'State or province',
  'label.city': 'City',
  'label.postalCode': 'Postal code',
  'label.addressLine1': 'Address line 1',
  'label.addressLine2': 'Address line 2',
  'placeholder.cardNumber': '1234 1234 1234 1234',
  'placeholder.expiry': 'MM / YY',
  'placeholder.country': 'Select a country or region',
  optional: '(optional)',
  'group.card': 'Card details',
  'group.name': 'Name on card',
  'group.address': 'Billing address',
  'brand.unknown': 'Card brand not yet known',

  'cardNumber.required': 'Enter your card number.',
  'cardNumber.incomplete': 'Your card number is incomplete.',
  'cardNumber.invalid': 'Your card number is not valid.',
  'cardNumber.brand_not_accepted': '{brand} cards are not accepted here.',
  'cardNumber.brand_unknown': 'This type of card is not accepted here.',
  'expiry.required': 'Enter the expiry date.',
  'expiry.incomplete': 'The expiry date is incomplete.',
  'expiry.invalid': 'The expiry date is not valid.',
  'expiry.expired': 'This card has expired.',
  'expiry.too_far_ahead': 'The expiry year is too far in the future.',
  'securityCode.required': 'Enter the security code.',
  'securityCode.incomplete': 'The {code} must have {size} digits.',
  'securityCode.invalid': 'The {code} must have {size} digits.',
  'firstName.required': 'Enter the first name shown on the card.',
  'firstName.invalid': 'Enter a name, not a number.',
  'firstName.too_long': 'This name is too long.',
  'lastName.required': 'Enter the last name shown on the card.',
  'lastName.invalid': 'Enter a name, not a number.',
  'lastName.too_long': 'This name is too long.',
  'country.required': 'Select a country or region.',
  'country.invalid': 'Select a country or region from the list.',
  'state.invalid': 'Use letters, digits and punctuation only.',
  'state.too_long': 'This is too long.',
  'city.required': 'Enter the city.',
  'city.invalid': 'Use letters, digits and punctuation only.',
  'city.too_long': 'This is too long.',
  'postalCode.required': 'Enter the postal code.',
  'postalCode.incomplete': 'The postal code is incomplete.',
  'postalCode.invalid': 'Use letters, digits, spaces and hyphens only.',
  'addressLine1.required': 'Enter the street address.',
  'addressLine1.invalid': 'Use letters, digits and punctuation only.',
  'addressLine1.too_long': 'This is too long.',
  'addressLine2.invalid': 'Use letters, digits and punctuation only.',
  'addressLine2.too_long': 'This is too long.',

  'error.invalid_card': 'Check the fields marked in the form.',
  'error.card_rejected': 'The card details were not accepted. Check them and try again.',
  'error.invalid_request': 'The card form sent a request the payment service could not read.',
  'error.origin_not_allowed': 'This page is not allowed to save cards.',
  'error.method_not_allowed': 'The payment service takes POST requests only.',
  'error.payload_too_large': 'The request is too large.',
  'error.unsupported_media_type': 'The request must be JSON.',
  'error.rate_limited': 'Too many attempts. Wait a moment, then try again.',
  'error.processor_busy': 'The payment service is busy. Wait a moment, then try again.',
  'error.processor_unavailable': 'The payment service could not save your card just now. Try again.',
  'error.processor_timeout': 'The payment service took too long to answer. Try again.',
  'error.processor_unreachable': 'The payment service could not be reached. Try again.',
  'error.processor_error': 'Your card could not be saved. Try again later or use another card.',
  'error.processor_misconfigured': 'Card payments are not available right now. Try again later.',
  'error.network_error': 'We could not reach the payment service. Check your connection and try again.',
  'error.timeout': 'The payment service took too long to answer. Try again.',
  'error.bad_response': 'The payment service gave an unexpected answer. Try again.',
  'error.busy': 'Your card is already being saved.',
  'error.frame_unavailable': 'The secure card form could not be loaded. Reload the page or try again later.',

  submit: 'Save card',
  'submit.busy': 'Saving…',
  'status.tokenizing': 'Saving your card…',
  'status.tokenized': 'Card ending in {last4} saved.',
  'status.errors.one': '{count} field needs attention: {first}',
  'status.errors.other': '{count} fields need attention. First: {first}',
  'frame.title': 'Secure card form',
};

const zhCN: Messages = {
  'label.cardNumber': '卡号',
  'label.expiry': '有效期',
  'label.securityCode': '安全码（{code}）',
  'label.firstName': '名',
  'label.lastName': '姓',
  'label.country': '国家或地区',
  'label.state': '州或省',
  'label.city': '城市',
  'label.postalCode': '邮政编码',
  'label.addressLine1': '地址第 1 行',
  'label.addressLine2': '地址第 2 行',
  'placeholder.cardNumber': '1234 1234 1234 1234',
  'placeholder.expiry': '月 / 年',
  'placeholder.country': '选择国家或地区',
  optional: '（选填）',
  'group.card': '卡片信息',
  'group.name': '持卡人姓名',
  'group.address': '账单地址',
  'brand.unknown': '尚未识别卡组织',

  'cardNumber.required': '请输入卡号。',
  'cardNumber.incomplete': '卡号不完整。',
  'cardNumber.invalid': '卡号无效。',
  'cardNumber.brand_not_accepted': '此处不接受 {brand} 卡。',
  'cardNumber.brand_unknown': '此处不接受此类卡。',
  'expiry.required': '请输入有效期。',
  'expiry.incomplete': '有效期不完整。',
  'expiry.invalid': '有效期无效。',
  'expiry.expired': '此卡已过期。',
  'expiry.too_far_ahead': '有效期年份过远。',
  'securityCode.required': '请输入安全码。',
  'securityCode.incomplete': '{code} 应为 {size} 位数字。',
  'securityCode.invalid': '{code} 应为 {size} 位数字。',
  'firstName.required': '请输入卡上的名。',
  'firstName.invalid': '请输入姓名，而不是数字。',
  'firstName.too_long': '姓名过长。',
  'lastName.required': '请输入卡上的姓。',
  'lastName.invalid': '请输入姓名，而不是数字。',
  'lastName.too_long': '姓名过长。',
  'country.required': '请选择国家或地区。',
  'country.invalid': '请从列表中选择国家或地区。',
  'state.invalid': '只能使用字母、数字和标点。',
  'state.too_long': '内容过长。',
  'city.required': '请输入城市。',
  'city.invalid': '只能使用字母、数字和标点。',
  'city.too_long': '内容过长。',
  'postalCode.required': '请输入邮政编码。',
  'postalCode.incomplete': '邮政编码不完整。',
  'postalCode.invalid': '只能使用字母、数字、空格和连字符。',
  'addressLine1.required': '请输入街道地址。',
  'addressLine1.invalid': '只能使用字母、数字和标点。',
  'addressLine1.too_long': '内容过长。',
  'addressLine2.invalid': '只能使用字母、数字和标点。',
  'addressLine2.too_long': '内容过长。',

  'error.invalid_card': '请检查表单中标出的字段。',
  'error.card_rejected': '卡片信息未被接受，请检查后重试。',
  'error.invalid_request': '卡片表单发送的请求无法被支付服务读取。',
  'error.origin_not_allowed': '此页面无权保存卡片。',
  'error.method_not_allowed': '支付服务只接受 POST 请求。',
  'error.payload_too_large': '请求过大。',
  'error.unsupported_media_type': '请求必须是 JSON。',
  'error.rate_limited': '尝试次数过多，请稍候再试。',
  'error.processor_busy': '支付服务繁忙，请稍候再试。',
  'error.processor_unavailable': '支付服务暂时无法保存您的卡片，请重试。',
  'error.processor_timeout': '支付服务响应超时，请重试。',
  'error.processor_unreachable': '无法连接支付服务，请重试。',
  'error.processor_error': '无法保存您的卡片，请稍后再试或使用其他卡片。',
  'error.processor_misconfigured': '暂时无法使用银行卡支付，请稍后再试。',
  'error.network_error': '无法连接支付服务，请检查网络后重试。',
  'error.timeout': '支付服务响应超时，请重试。',
  'error.bad_response': '支付服务返回了意外的结果，请重试。',
  'error.busy': '正在保存您的卡片。',
  'error.frame_unavailable': '无法加载安全卡片表单，请刷新页面或稍后再试。',

  submit: '保存卡片',
  'submit.busy': '正在保存…',
  'status.tokenizing': '正在保存您的卡片…',
  'status.tokenized': '尾号 {last4} 的卡片已保存。',
  'status.errors.one': '有 {count} 个字段需要修改：{first}',
  'status.errors.other': '有 {count} 个字段需要修改。第一个：{first}',
  'frame.title': '安全卡片表单',
};

export const CATALOGS: Record<string, Messages> = { en, 'zh-CN': zhCN };

/** The catalog for a BCP 47 tag: exact, then by language ("zh-Hans-CN" -> "zh-CN"), then English. */
export function catalogFor(locale: string | null | undefined): Messages {
  if (!locale) return en;
  const tag = locale.toLowerCase();
  if (tag.startsWith('zh') && !/-(tw|hk|mo|hant)/.test(tag)) return zhCN;
  return CATALOGS[locale] ?? en;
}

/** Looks a message up (merchant overrides first, then the locale, then English) and fills `{name}` slots. */
export function message(
  key: MessageKey,
  catalogs: readonly Messages[],
  values: Record<string, string | number> = {},
): string {
  let template: string | undefined;
  for (const catalog of catalogs) if ((template = catalog[key]) !== undefined) break;
  template ??= en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => (name in values ? String(values[name]) : slot));
}

export const ENGLISH: Messages = en;
