import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { escapeHtml, makeNonce, noticeHtml, previewPage, renderMarkdown } from '../src/render';

// The shape of the server's output (tests/tests/snapshots/e2e__lsp_preview_*).
const SERVER_MARKDOWN = `### backend-architect

Use this agent when you need to design a backend. Examples:

#### Example 1

> **Context:** The user is designing a new backend system.

**user**
> I need to design a production-ready backend.

**assistant**
> I'm going to use the Task tool to launch the backend-architect agent.

*Since the user is requesting backend architecture design, use the agent.*
`;

describe('render: the server Markdown', () => {
  it('headings, quotes, bold and italics', () => {
    const html = renderMarkdown(SERVER_MARKDOWN);
    assert.match(html, /<h3>backend-architect<\/h3>/);
    assert.match(html, /<h4>Example 1<\/h4>/);
    assert.match(html, /<blockquote>\s*<p><strong>Context:<\/strong> The user is designing/);
    assert.match(html, /<p><strong>user<\/strong><\/p>/);
    assert.match(html, /<em>Since the user is requesting/);
    assert.match(html, /I&#39;m going to use|I'm going to use/);
  });
  it('raw HTML in a description is shown as text, never run', () => {
    const html = renderMarkdown('<example>\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n');
    assert.doesNotMatch(html, /<script>/);
    assert.doesNotMatch(html, /<img/);
    assert.doesNotMatch(html, /<example>/);
    assert.match(html, /&lt;example&gt;/);
  });
  it('javascript: links are not links', () => {
    assert.doesNotMatch(renderMarkdown('[x](javascript:alert(1))'), /href="javascript:/);
  });
});

describe('render: the page', () => {
  const page = previewPage({ cspSource: 'vscode-resource:', nonce: 'abc123', title: 'Examples: <a>.md', body: '<p>hi</p>' });
  it('has a strict content security policy with the nonce', () => {
    assert.match(page, /default-src &#39;none&#39;|default-src 'none'/);
    assert.match(page, /script-src &#39;nonce-abc123&#39;|script-src 'nonce-abc123'/);
    assert.match(page, /<script nonce="abc123">/);
    assert.match(page, /<style nonce="abc123">/);
  });
  it('escapes the title and holds the body', () => {
    assert.match(page, /<title>Examples: &lt;a&gt;\.md<\/title>/);
    assert.match(page, /<main id="content"><p>hi<\/p><\/main>/);
  });
  it('notices are escaped', () => {
    assert.equal(noticeHtml('a <b> & "c"'), '<p class="notice">a &lt;b&gt; &amp; &quot;c&quot;</p>');
    assert.equal(escapeHtml(`'`), '&#39;');
  });
  it('nonces are url-safe base64 of 16 bytes, fresh each time', () => {
    const a = makeNonce((n) => new Uint8Array(n).fill(255));
    assert.match(a, /^[A-Za-z0-9_-]{22}$/);
    const b = makeNonce((n) => new Uint8Array(n).fill(1));
    assert.notEqual(a, b);
  });
});
