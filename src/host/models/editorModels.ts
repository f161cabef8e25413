import * as vscode from 'vscode';
import type { EditorModel } from '../../protocol/modelsViewProtocol';

/** The chat models the editor offers (provider `vscodeLm`); none when the editor has no Language Model API. */
export async function editorChatModels(): Promise<EditorModel[]> {
  const lm = vscode.lm as Partial<typeof vscode.lm> | undefined;
  if (!lm?.selectChatModels) return [];
  const models = await lm.selectChatModels();
  return models.map((m) => ({ id: m.id, name: m.name, vendor: m.vendor, family: m.family }));
}
