// Names shared by the code and package.json (test/manifest.test.ts checks them).

/** The language client's id: vscode-languageclient reads `agentls.trace.server` from it. */
export const CLIENT_ID = 'agentls';
