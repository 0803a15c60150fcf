// The preview panel's HTML. No `vscode` import: unit tested.
//
// Why a webview rendered with markdown-it rather than a virtual document
// (a TextDocumentContentProvider) shown with the built-in
// `markdown.showPreviewToSide`: the built-in preview refreshes a virtual
// document only while VS Code keeps that document loaded, and documents an
// extension opened without showing them in an editor are released after a few
// minutes; after that, firing `onDidChange` reaches nobody and the preview
// silently stops following the edits. A webview is ours: the extension decides
// when it refreshes (debounced, stale answers dropped), updates it in place by
// message so the scroll position survives every keystroke, and follows the
// active agent file. The server's Markdown is plain CommonMark (headings,
// quotes, bold, italics), which markdown-it renders exactly, with raw HTML
// disabled: a description's `<example>` tags and anything else in it are shown
// as text, never run.

import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** The server's Markdown as HTML (raw HTML in it is escaped). */
export function renderMarkdown(markdown: string): string {
  return md.render(markdown);
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A notice in place of the preview (the server is not running, the file was closed, …). */
export function noticeHtml(text: string): string {
  return `<p class="notice">${escapeHtml(text)}</p>`;
}

export interface PageOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random nonce for the inline style and script. */
  nonce: string;
  /** The document title. */
  title: string;
  /** The first body (later ones arrive by message). */
  body: string;
}

/** A random nonce (base64url of 16 random bytes). */
export function makeNonce(random: (n: number) => Uint8Array): string {
  return Buffer.from(random(16)).toString('base64url');
}

const STYLE = `
body {
  font-family: var(--vscode-markdown-font-family, var(--vscode-font-family));
  font-size: var(--vscode-markdown-font-size, 14px);
  line-height: var(--vscode-markdown-line-height, 1.6);
  color: var(--vscode-foreground);
  padding: 0 26px 24px;
  max-width: 900px;
}
h3 { margin-top: 1.2em; padding-bottom: 0.3em; border-bottom: 1px solid var(--vscode-panel-border, rgba(128,128,128,0.35)); }
h4 { margin-top: 1.6em; }
blockquote {
  margin: 0.4em 0 0.8em;
  padding: 0.2em 1em;
  border-left: 4px solid var(--vscode-textBlockQuote-border, rgba(128,128,128,0.5));
  background: var(--vscode-textBlockQuote-background, transparent);
}
blockquote p { margin: 0.3em 0; }
code {
  font-family: var(--vscode-editor-font-family, monospace);
  background: var(--vscode-textCodeBlock-background, rgba(128,128,128,0.15));
  padding: 0.1em 0.3em;
  border-radius: 3px;
}
pre code { display: block; padding: 0.6em; overflow-x: auto; }
a { color: var(--vscode-textLink-foreground); }
.notice { color: var(--vscode-descriptionForeground); font-style: italic; }
`;

// Restores the last body when the panel is shown again, and replaces the body
// in place on each update (keeping the scroll position).
const SCRIPT = `
const vscode = acquireVsCodeApi();
const content = document.getElementById('content');
const state = vscode.getState();
if (state && typeof state.html === 'string') {
  content.innerHTML = state.html;
}
window.addEventListener('message', (event) => {
  const message = event.data;
  if (message && message.type === 'update' && typeof message.html === 'string') {
    content.innerHTML = message.html;
    vscode.setState({ html: message.html });
  }
});
`;

/** The whole page, with a strict content security policy. */
export function previewPage(options: PageOptions): string {
  const { cspSource, nonce, title, body } = options;
  const csp = [
    "default-src 'none'",
    `img-src ${cspSource} https: data:`,
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<main id="content">${body}</main>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
}
