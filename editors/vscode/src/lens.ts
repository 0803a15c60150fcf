// Code lenses: the server's "Preview N examples" lens runs the server command
// `agentls.previewExamples`, which returns Markdown to whoever called it; a
// click on it would do nothing visible. The client middleware passes every
// lens through `retargetLens`, which points that one at the extension's
// `agentls.showPreview` (same title, same document URI argument), so a click
// opens the side preview. The server command stays registered as it is, for
// anyone who calls it for its Markdown. No `vscode` import: unit tested.

/** The server's command (see server/src/lsp/server.rs). */
export const SERVER_PREVIEW_COMMAND = 'agentls.previewExamples';

/** The extension's command that opens the preview panel. */
export const SHOW_PREVIEW_COMMAND = 'agentls.showPreview';

/** The shape of a command on a lens (`vscode.Command`). */
export interface LensCommand {
  title: string;
  command: string;
  tooltip?: string;
  arguments?: unknown[];
}

/** Repoints a lens's server preview command at the preview panel; other lenses are left alone. */
export function retargetLens<T extends { command?: LensCommand }>(lens: T): T {
  const cmd = lens.command;
  if (cmd?.command === SERVER_PREVIEW_COMMAND) {
    lens.command = {
      ...cmd,
      command: SHOW_PREVIEW_COMMAND,
      tooltip: cmd.tooltip ?? 'Open the description and its examples in a side panel',
    };
  }
  return lens;
}

/** The same over a provider's result (`null`/`undefined` pass through). */
export function retargetLenses<T extends { command?: LensCommand }>(
  lenses: T[] | null | undefined,
): T[] | null | undefined {
  lenses?.forEach(retargetLens);
  return lenses;
}
