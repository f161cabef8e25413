import type { SettingsSnapshot } from '../settings/settingsTable';
import type { Embedder } from './embedder';
import { createLexicalEmbedder } from './lexicalEmbedder';
import { createOllamaEmbedder } from './ollamaEmbedder';
import { createOnnxEmbedder } from './onnxEmbedder';
import { DEFAULT_RANKING, type RankingOptions } from './ranking';

/** The embedder a person chose (the `metahuman.search.*` settings, as plain values). */
export interface EmbedderChoice {
  kind: 'lexical' | 'onnx' | 'ollama';
  onnxModelPath?: string;
  ollamaHost?: string;
  ollamaModel?: string;
}

export interface ChosenEmbedder {
  embedder: Embedder;
  /** Set when the chosen embedder could not be used and the lexical one stands in: say it to the person. */
  warning?: string;
}

/**
 * Builds the chosen embedder, or falls back to the built-in lexical one with a warning that names
 * what was wrong (the missing folder, the unreachable server), so search always works.
 */
export async function chooseEmbedder(choice: EmbedderChoice): Promise<ChosenEmbedder> {
  const fallback = (reason: string): ChosenEmbedder => {
    const embedder = createLexicalEmbedder();
    return { embedder, warning: `${reason} Using the ${embedder.label} embedder instead.` };
  };
  try {
    if (choice.kind === 'onnx') {
      if (!choice.onnxModelPath?.trim()) return fallback('No ONNX model folder is set (metahuman.search.onnxModelPath).');
      return { embedder: await createOnnxEmbedder({ modelDir: choice.onnxModelPath }) };
    }
    if (choice.kind === 'ollama') {
      return { embedder: await createOllamaEmbedder({ host: choice.ollamaHost || 'http://127.0.0.1:11434', model: choice.ollamaModel || 'nomic-embed-text' }) };
    }
  } catch (error) {
    return fallback(error instanceof Error ? error.message : String(error));
  }
  return { embedder: createLexicalEmbedder() };
}

export function embedderChoiceFromSettings(settings: Pick<SettingsSnapshot, 'searchEmbedder' | 'searchOnnxModelPath' | 'searchOllamaHost' | 'searchOllamaModel'>): EmbedderChoice {
  const kind = settings.searchEmbedder === 'onnx' || settings.searchEmbedder === 'ollama' ? settings.searchEmbedder : 'lexical';
  return { kind, onnxModelPath: settings.searchOnnxModelPath, ollamaHost: settings.searchOllamaHost, ollamaModel: settings.searchOllamaModel };
}

export function rankingFromSettings(
  settings: Pick<SettingsSnapshot, 'searchRecencyWeight' | 'searchRecencyHalfLifeDays' | 'searchImportanceWeight' | 'searchEntityBoost'>,
): RankingOptions {
  return {
    ...DEFAULT_RANKING,
    recencyWeight: settings.searchRecencyWeight,
    recencyHalfLifeDays: settings.searchRecencyHalfLifeDays,
    importanceWeight: settings.searchImportanceWeight,
    entityBoost: settings.searchEntityBoost,
  };
}
