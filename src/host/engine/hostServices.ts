import * as vscode from 'vscode';
import { HostLmChatStream, HostLmModelsRequest, HostSecretRequest } from '../../protocol/hostServicesProtocol';
import type { Messenger } from '../../protocol/messenger';

export const SECRET_KEYS = { openAiApiKey: 'metahuman.llm.openAiApiKey' } as const;

/** Answers the engine's requests for what only the editor has: secrets and `vscode.lm` models. */
export function registerHostServices(messenger: Messenger, secrets: vscode.SecretStorage): void {
  messenger.onRequest(HostSecretRequest, async ({ name }) => (await secrets.get(SECRET_KEYS[name])) ?? null);
  messenger.onRequest(HostLmModelsRequest, async () => {
    const lm = vscode.lm as Partial<typeof vscode.lm> | undefined;
    const models = lm?.selectChatModels ? await lm.selectChatModels() : [];
    return models.map((m) => ({ id: m.id, family: m.family, vendor: m.vendor, maxInputTokens: m.maxInputTokens }));
  });
  messenger.onStream(HostLmChatStream, (params, ctx) => lmChat(params, ctx.signal));
}

async function* lmChat(params: { messages: { role: string; content: string }[]; model?: string }, signal: AbortSignal): AsyncGenerator<{ text: string }> {
  const lm = vscode.lm as Partial<typeof vscode.lm> | undefined;
  if (!lm?.selectChatModels) throw new Error("This editor has no Language Model API: pick another provider in metahuman.llm.provider.");
  const all = await lm.selectChatModels();
  const model = all.find((m) => m.id === params.model || m.family === params.model) ?? all[0];
  if (!model) throw new Error('VS Code offers no chat model: install and sign in to one (e.g. GitHub Copilot), or pick another provider in metahuman.llm.provider.');
  // The Language Model API has no system role: the persona prompt goes first as a user message.
  const messages = params.messages.map((m) => (m.role === 'assistant' ? vscode.LanguageModelChatMessage.Assistant(m.content) : vscode.LanguageModelChatMessage.User(m.content)));
  const source = new vscode.CancellationTokenSource();
  signal.addEventListener('abort', () => source.cancel(), { once: true });
  try {
    const response = await model.sendRequest(messages, { justification: 'MetaHuman answers as your digital twin from your memories.' }, source.token);
    for await (const text of response.text) yield { text };
  } finally {
    source.dispose();
  }
}
