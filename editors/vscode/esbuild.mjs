// Bundles the extension into dist/ (`vscode` stays external: VS Code provides it):
// - dist/extension.js, the entry point, small: activation, selector, discovery;
// - dist/runtime.js, loaded on first use: the language client and the preview.
// extension.ts's `import('./runtime.js')` is kept as a runtime require of the
// second bundle instead of being inlined (see extension.ts for why).
// `--production` minifies without source maps (used by `vscode:prepublish`,
// hence by `npm run package`); `--watch` rebuilds on change.
import { rmSync } from 'node:fs';

import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').Plugin} */
const runtimeApart = {
  name: 'runtime-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/runtime(\.js)?$/ }, (args) =>
      args.importer.endsWith('extension.ts') ? { path: './runtime.js', external: true } : undefined,
    );
  },
};

rmSync('dist', { recursive: true, force: true });

const context = await esbuild.context({
  entryPoints: { extension: 'src/extension.ts', runtime: 'src/runtime.ts' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outdir: 'dist',
  external: ['vscode'],
  plugins: [runtimeApart],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'info',
});

if (watch) {
  await context.watch();
} else {
  await context.rebuild();
  await context.dispose();
}
