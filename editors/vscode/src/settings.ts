// The settings the server reads: `agentls.targets`, which tools' loaders a
// file is judged against. No `vscode` import: unit tested.
//
// The server takes the setting in two ways (server/src/lsp/server.rs,
// `targets_setting`): in `initializationOptions` as `{"targets": [...]}`, and
// in `workspace/didChangeConfiguration` as `{"settings": {"agentls":
// {"targets": [...]}}}`, judging every open document again at once. The client
// sends the first when it starts, and vscode-languageclient the second
// (`synchronize.configurationSection`): the whole `agentls` section when the
// client starts and each time a setting in it changes. The value goes as the
// user wrote it, unchecked, so that the server judges it the same way on both
// paths (an unknown id is the server's warning; `null`, unset, leaves it to the
// project's `.agentls.toml`, else to each file's default: the tools that read
// its path).

import type { LanguageClientOptions } from 'vscode-languageclient/node';

/** The configuration section the server reads (`agentls.*`). */
export const SETTINGS_SECTION = 'agentls';

/** The key of the targets setting in the section (`agentls.targets`). */
export const TARGETS_KEY = 'targets';

/** The tools the server knows, by the ids `targets` takes (server/src/formats/target.rs). */
export const TARGET_IDS = ['claude', 'copilot', 'vscode', 'codex', 'opencode', 'gemini', 'qwen', 'cursor'] as const;

/** The client options that give the server its settings: `targets` the setting's value as read. */
export function settingsOptions(targets: unknown): Pick<LanguageClientOptions, 'initializationOptions' | 'synchronize'> {
  return {
    initializationOptions: { [TARGETS_KEY]: targets ?? null },
    synchronize: { configurationSection: SETTINGS_SECTION },
  };
}
