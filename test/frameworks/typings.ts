// Type-checked templates: a template with typos, checked by the framework's own checker in the app's folder
// (its node_modules hold the packed package). The typos must be reported; the apps' own templates are checked
// by their builds (Next.js, Angular), by svelte-check or by vue-tsc (`nuxt typecheck`) below.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from './apps.ts';

/** Runs a checker; returns its exit status and everything it printed. */
function check(app: App, command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(join(app.dir, 'node_modules/.bin', command), args, { cwd: app.dir, encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

/** Writes the files into a scratch folder of the app (git ignores it), runs `checkWith`, then removes it. */
function withScratch<T>(app: App, files: Record<string, string>, checkWith: (folder: string) => T): T {
  const folder = join(app.dir, '.typings-check');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder);
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    return checkWith(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The typos every checker must report. */
export const TYPOS = { property: 'endpont', detail: 'cardTokn' };

/** svelte-check over the app itself (no error), then over a component with a typo'd attribute and event detail. */
export function svelteTypos(app: App): { app: string; typos: string } {
  const own = check(app, 'svelte-check', ['--tsconfig', './tsconfig.json', '--output', 'machine']);
  if (own.status !== 0) throw new Error(`svelte-check found errors in the app:\n${own.output}`);
  const typos = withScratch(
    app,
    {
      'tsconfig.json': JSON.stringify({
        compilerOptions: { strict: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2022', skipLibCheck: true, types: [] },
      }),
      'Typo.svelte': `<script lang="ts">
  import 'cache-card-form/define';
  import type {} from 'cache-card-form/svelte';
</script>

<cache-card-form ${TYPOS.property}="/cache-card" billing-address="postal" ontokenized={(event) => event.detail.${TYPOS.detail}}></cache-card-form>
`,
    },
    (folder) => check(app, 'svelte-check', ['--workspace', folder, '--tsconfig', join(folder, 'tsconfig.json'), '--output', 'machine']),
  );
  return { app: own.output, typos: typos.output };
}

/**
 * `nuxt typecheck` (vue-tsc) over the app itself (no error), then vue-tsc over a component whose template gives
 * `billing-address` a value it does not take and reads a typo'd field of the `tokenized` detail. Vue lets any
 * other attribute fall through to the element, so a misspelt attribute name is not reported (nor by
 * `strictTemplates`).
 */
export function vueTypos(app: App): { app: string; typos: string } {
  const own = check(app, 'nuxt', ['typecheck']);
  if (own.status !== 0) throw new Error(`nuxt typecheck found errors in the app:\n${own.output}`);
  const typos = withScratch(
    app,
    {
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'esnext',
          moduleResolution: 'bundler',
          target: 'es2022',
          jsx: 'preserve',
          lib: ['es2023', 'dom', 'dom.iterable'],
          skipLibCheck: true,
          types: [],
        },
        include: ['*.vue'],
      }),
      'Typo.vue': `<script setup lang="ts">
import 'cache-card-form/define';
import type {} from 'cache-card-form/vue';
let last = '';
</script>

<template>
  <cache-card-form billing-address="everything" @tokenized="last = $event.detail.${TYPOS.detail}" />
</template>
`,
    },
    (folder) => check(app, 'vue-tsc', ['--noEmit', '-p', join(folder, 'tsconfig.json')]),
  );
  return { app: own.output, typos: typos.output };
}

/**
 * Angular's compiler with strictTemplates over a component with a typo'd event detail. With
 * CUSTOM_ELEMENTS_SCHEMA Angular checks no property of a custom element, but `$event` is typed from the
 * package's HTMLElementEventMap, so what a handler reads of it is checked.
 */
export function angularTypos(app: App): string {
  return withScratch(
    app,
    {
      'tsconfig.json': JSON.stringify({ extends: '../tsconfig.json', compilerOptions: { noEmit: true }, files: ['typo.ts'] }),
      'typo.ts': `import { Component, CUSTOM_ELEMENTS_SCHEMA } from '@angular/core';
import 'cache-card-form/define';

@Component({
  selector: 'app-typo',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: '<cache-card-form (tokenized)="last = $event.detail.${TYPOS.detail}"></cache-card-form>',
})
export class Typo {
  last = '';
}
`,
    },
    (folder) => check(app, 'ngc', ['-p', join(folder, 'tsconfig.json')]).output,
  );
}
