// `npm run lint`: typescript-eslint for the code, eslint-plugin-lit and lit-a11y for the templates, eslint-plugin-wc
// for the custom element. Formatting is Prettier's (`npm run format`), not ESLint's.
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      '.cache/',
      'demo/**/*.vue',
      // What the framework apps' own builds write.
      'demo/frameworks/*/{.next,.nuxt,.output,.svelte-kit,.angular,build,dist}/',
      'demo/frameworks/*/next-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'smart'],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  { files: ['src/**/*.ts'], ...litA11y.configs.recommended },
  { files: ['src/**/*.ts'], ...wc.configs['flat/recommended'] },
  {
    // Tests, benchmarks, the demo and tools talk to the console on purpose.
    files: ['test/**', 'demo/**', 'tools/**', '*.config.*'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },
);
