import * as vscode from 'vscode';
import { MemoryAddNoteRequest, MemoryForgetRequest, MemorySearchRequest, type MemoryHit, type MemorySearchResult } from '../../protocol/memoryProtocol';
import type { EngineHost } from '../engine/engineHost';
import { reportEngineError } from '../engine/reportEngineError';

interface HitItem extends vscode.QuickPickItem {
  hit: MemoryHit;
}

const forgetButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: 'Forget this memory' };

/**
 * "Search Memory", "Add Note" and "Forget Memory". With arguments they skip the UI and return their
 * result, for keybindings, other extensions and tests.
 */
export function registerMemoryCommands(engine: EngineHost, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const fail = (error: unknown) => void reportEngineError(error instanceof Error ? error.message : String(error), log);
  return [
    vscode.commands.registerCommand('metahuman.addNote', async (text?: string): Promise<string | undefined> => {
      const note = text ?? (await vscode.window.showInputBox({ title: 'MetaHuman: Add Note', prompt: 'Something to remember', placeHolder: 'e.g. Decided to cache parser results per file' }));
      if (!note?.trim()) return undefined;
      try {
        const { id } = await engine.request(MemoryAddNoteRequest, { text: note.trim(), project: vscode.workspace.name });
        if (text === undefined) void vscode.window.setStatusBarMessage('$(check) MetaHuman noted it.', 3000);
        return id;
      } catch (error) {
        fail(error);
        return undefined;
      }
    }),
    vscode.commands.registerCommand('metahuman.searchMemory', async (query?: string): Promise<MemorySearchResult | undefined> => {
      if (query !== undefined) return engine.request(MemorySearchRequest, { query });
      pickMemory(engine, fail);
      return undefined;
    }),
    vscode.commands.registerCommand('metahuman.forgetMemory', async (id?: string): Promise<boolean> => {
      const target = id ?? (await vscode.window.showInputBox({ title: 'MetaHuman: Forget Memory', prompt: 'Id of the memory to forget' }));
      if (!target) return false;
      return forget(engine, target, id === undefined, fail);
    }),
  ];
}

async function forget(engine: EngineHost, id: string, confirm: boolean, fail: (error: unknown) => void): Promise<boolean> {
  if (confirm) {
    const choice = await vscode.window.showWarningMessage('Forget this memory? It disappears from search at once and from disk at the next compaction.', { modal: true }, 'Forget');
    if (choice !== 'Forget') return false;
  }
  try {
    const { forgotten } = await engine.request(MemoryForgetRequest, { id });
    if (confirm) void vscode.window.showInformationMessage(forgotten ? 'MetaHuman forgot it.' : 'There was no such memory.');
    return forgotten;
  } catch (error) {
    fail(error);
    return false;
  }
}

/** A quick pick that searches as the person types (debounced), newest query wins. */
function pickMemory(engine: EngineHost, fail: (error: unknown) => void): void {
  const pick = vscode.window.createQuickPick<HitItem>();
  pick.title = 'MetaHuman: Search Memory';
  pick.placeholder = 'What do you want to recall? e.g. "parser last week"';
  pick.matchOnDescription = false;
  pick.matchOnDetail = false;
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (query: string) => {
    const mine = ++generation;
    if (!query.trim()) {
      pick.items = [];
      return;
    }
    pick.busy = true;
    engine.request(MemorySearchRequest, { query, k: 30 }).then(
      (result) => {
        if (mine !== generation) return;
        pick.busy = false;
        // The engine ranks; keep its order instead of the quick pick's own fuzzy filter.
        pick.items = result.hits.map(toItem);
        pick.title = `MetaHuman: Search Memory — ${result.hits.length} found${result.time ? ` (${result.time})` : ''}`;
      },
      (error: unknown) => {
        pick.busy = false;
        fail(error);
      },
    );
  };
  pick.onDidChangeValue((value) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => run(value), 150);
  });
  pick.onDidTriggerItemButton(async ({ item }) => {
    if (await forget(engine, item.hit.id, true, fail)) pick.items = pick.items.filter((i) => i.hit.id !== item.hit.id);
  });
  pick.onDidAccept(() => {
    const chosen = pick.selectedItems[0];
    if (!chosen) return;
    pick.hide();
    void vscode.window.showInformationMessage(chosen.hit.text, { modal: false, detail: chosen.hit.id }, 'Copy Text').then((action) => {
      if (action === 'Copy Text') void vscode.env.clipboard.writeText(chosen.hit.text);
    });
  });
  pick.onDidHide(() => {
    if (timer) clearTimeout(timer);
    pick.dispose();
  });
  pick.show();
}

function toItem(hit: MemoryHit): HitItem {
  const firstLine = hit.text.split('\n', 1)[0] ?? '';
  return {
    hit,
    label: firstLine.length > 120 ? `${firstLine.slice(0, 117)}…` : firstLine,
    // alwaysShow: the quick pick must not hide hits whose label lacks the typed words (dates, meaning).
    alwaysShow: true,
    description: `${hit.kind} · ${new Date(hit.ts).toLocaleString()}${hit.project ? ` · ${hit.project}` : ''}`,
    detail: hit.why,
    buttons: [forgetButton],
  };
}
