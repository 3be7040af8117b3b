/** What frameworks may set on `<cache-card-form>`: its properties (React 19 and Vue set properties on custom elements). */
import type { Messages } from '../card/messages.ts';

export interface CacheCardFormProps {
  endpoint?: string;
  locale?: string;
  acceptedBrands?: string;
  allowUnknownBrands?: boolean;
  billingAddress?: 'full' | 'postal' | 'none';
  name?: string;
  required?: boolean;
  disabled?: boolean;
  submitButton?: boolean;
  timeout?: number;
  isolated?: boolean;
  frameTimeout?: number;
  messages?: Messages;
}
