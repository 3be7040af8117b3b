/** What frameworks may set on `<cache-card-form>`: its properties (React 19 and Vue set properties on custom elements). */
import type { FormPropertyValues } from '../card/form-properties.ts';

export type CacheCardFormProps = Partial<FormPropertyValues>;
