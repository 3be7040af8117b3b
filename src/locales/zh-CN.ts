/**
 * Simplified Chinese. Loading this module registers it: `import 'cache-card-form/locales/zh-CN'`, or the
 * script tag `cache-card-form.zh-CN.js` after `cache-card-form.js`. The isolated frame always carries it.
 */
import type { Messages } from '../card/messages.ts';

export const zhCN: Messages = {
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

  'error.unavailable': '暂时无法使用银行卡支付，请稍后再试。',
  'error.invalid_card': '请检查表单中标出的字段。',
  'error.card_rejected': '卡片信息未被接受，请检查后重试。',
  'error.rate_limited': '尝试次数过多，请稍候再试。',
  'error.processor_busy': '支付服务繁忙，请稍候再试。',
  'error.processor_unavailable': '支付服务暂时无法保存您的卡片，请重试。',
  'error.processor_timeout': '支付服务响应超时，请重试。',
  'error.processor_unreachable': '无法连接支付服务，请重试。',
  'error.processor_error': '无法保存您的卡片，请稍后再试或使用其他卡片。',
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

type LocaleRegistry = { registerLocale(tag: string, messages: Messages): void };
// Through the registered element rather than an import, so the script-tag pack reaches the script-tag bundle.
// Guarded, so that server-side code can import the catalog itself.
void globalThis.customElements
  ?.whenDefined('cache-card-form')
  .then((element) => (element as unknown as LocaleRegistry).registerLocale('zh-CN', zhCN));
