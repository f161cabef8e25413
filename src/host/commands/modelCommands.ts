import * as vscode from 'vscode';
import { SECRET_KEYS } from '../engine/hostServices';

const PROVIDERS = [
  { label: 'Offline', description: 'no model: answers built from your memories', value: 'offline' },
  { label: 'Ollama', description: 'local models through Ollama (metahuman.llm.ollama.*)', value: 'ollama' },
  { label: 'OpenAI-compatible', description: 'LM Studio, llama.cpp, vLLM… (metahuman.llm.openai.*)', value: 'openaiCompatible' },
  { label: "VS Code's language models", description: 'any chat model the editor offers, e.g. Copilot', value: 'vscodeLm' },
] as const;

/** Picking the model provider and keeping the API key of an OpenAI-compatible endpoint in SecretStorage. */
export function registerModelCommands(secrets: vscode.SecretStorage): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('metahuman.selectModelProvider', async (value?: string) => {
      const chosen = value ?? (await vscode.window.showQuickPick(PROVIDERS, { title: 'MetaHuman: Select Model Provider' }))?.value;
      if (!chosen) return undefined;
      await vscode.workspace.getConfiguration('metahuman').update('llm.provider', chosen, vscode.ConfigurationTarget.Global);
      return chosen;
    }),
    vscode.commands.registerCommand('metahuman.setOpenAiApiKey', async () => {
      const key = await vscode.window.showInputBox({
        title: 'MetaHuman: Set API Key for the OpenAI-Compatible Endpoint',
        prompt: 'Kept in VS Code\'s secret storage, never in settings or logs. Leave empty to remove it.',
        password: true,
        ignoreFocusOut: true,
      });
      if (key === undefined) return;
      if (key) await secrets.store(SECRET_KEYS.openAiApiKey, key);
      else await secrets.delete(SECRET_KEYS.openAiApiKey);
      void vscode.window.showInformationMessage(key ? 'MetaHuman stored the API key in secret storage.' : 'MetaHuman removed the API key.');
    }),
  ];
}
