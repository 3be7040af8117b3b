// Single-file components as TypeScript sees them from .ts files (their own types are checked by Vue's tooling).
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
