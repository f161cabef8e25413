import * as vscode from 'vscode';
import { ChatAskStream, type ChatEvent } from '../../protocol/chatProtocol';
import type { EngineHost } from '../engine/engineHost';
import { MEMORY_SCHEME } from '../views/memoryDocuments';

/** The parts of VS Code's chat response stream the participant writes to (a recorder in tests). */
export type ParticipantOutput = Pick<vscode.ChatResponseStream, 'markdown' | 'progress' | 'reference'>;

const CITATION = /\[m:([0-9A-HJKMNP-TV-Z]{26})\]/g;

/**
 * `@metahuman` in VS Code's Chat view: the same pipeline as the sidebar. Citations become links to
 * the memory documents and references under the answer; thinking stages show as progress.
 */
export async function answerInChat(engine: EngineHost, prompt: string, out: ParticipantOutput, token: vscode.CancellationToken): Promise<{ conversationId?: string }> {
  const controller = new AbortController();
  const cancel = token.onCancellationRequested(() => controller.abort());
  let conversationId: string | undefined;
  try {
    for await (const event of engine.stream(ChatAskStream, { message: prompt }, { signal: controller.signal, timeoutMs: 0 })) {
      write(out, event);
      if (event.type === 'done') conversationId = event.conversationId;
    }
  } finally {
    cancel.dispose();
  }
  return { conversationId };
}

function write(out: ParticipantOutput, event: ChatEvent): void {
  switch (event.type) {
    case 'token':
      out.markdown(event.text.replace(CITATION, (_m, id: string) => `[↗](${MEMORY_SCHEME}:/${id}.md)`));
      return;
    case 'stage':
      if (event.text.trim()) out.progress(`${event.name}…`);
      return;
    case 'citation':
      out.reference(vscode.Uri.parse(`${MEMORY_SCHEME}:/${event.id}.md`));
      return;
    default:
      return;
  }
}

export function registerChatParticipant(engine: EngineHost, extensionUri: vscode.Uri): vscode.Disposable[] {
  // Feature-detected: editors without a Chat view have no participants.
  const chat = (vscode as Partial<typeof vscode>).chat;
  if (!chat?.createChatParticipant) return [];
  const participant = chat.createChatParticipant('metahuman.twin', async (request, _context, stream, token) => {
    const { conversationId } = await answerInChat(engine, request.prompt, stream, token);
    return { metadata: { conversationId } };
  });
  participant.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'metahuman.svg');
  return [participant];
}
