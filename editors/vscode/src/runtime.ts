// The heavy half of the extension, loaded the first time it is needed (an
// agent file is open, or the preview is asked for): the language client
// (vscode-languageclient) and the preview (markdown-it). esbuild bundles it
// as dist/runtime.js, apart from dist/extension.js, so that activating on
// every Markdown file (`onLanguage:markdown`, and the other ids of
// languages.ts) loads only a few kilobytes.

export { createClient, type ClientSetup } from './client';
export { ExamplesPreview, type PreviewHost } from './preview';
