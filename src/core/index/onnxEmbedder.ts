import { existsSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { normalize, type Embedder } from './embedder';

/**
 * A local sentence-embedding model (ONNX, e.g. all-MiniLM-L6-v2 exported by Optimum) run through
 * transformers.js from a folder the person chose. Nothing is ever downloaded: remote models are
 * switched off before loading, so a folder that lacks a file fails here instead of fetching it.
 * transformers.js (and its native onnxruntime) is imported on first use only, so nobody who keeps
 * the default embedder pays for loading it.
 */
export interface OnnxEmbedderOptions {
  /** Folder with config.json, tokenizer.json and onnx/model.onnx (or onnx/model_quantized.onnx). */
  modelDir: string;
  /** Texts per inference call. */
  batchSize?: number;
}

/** The files a model folder must hold, and what is missing from `dir`. */
export function missingModelFiles(dir: string): string[] {
  if (!existsSync(dir)) return [dir];
  const missing = ['config.json', 'tokenizer.json'].filter((f) => !existsSync(join(dir, f)));
  if (!existsSync(join(dir, 'onnx', 'model.onnx')) && !existsSync(join(dir, 'onnx', 'model_quantized.onnx'))) missing.push('onnx/model.onnx');
  return missing;
}

export class OnnxModelMissingError extends Error {
  constructor(readonly modelDir: string, readonly missing: string[]) {
    super(
      missing[0] === modelDir
        ? `No embedding model folder at "${modelDir}".`
        : `The embedding model folder "${modelDir}" lacks ${missing.join(', ')} (expected a sentence-embedding model exported to ONNX: config.json, tokenizer.json, onnx/model.onnx).`,
    );
    this.name = 'OnnxModelMissingError';
  }
}

export async function createOnnxEmbedder(options: OnnxEmbedderOptions): Promise<Embedder> {
  const missing = missingModelFiles(options.modelDir);
  if (missing.length > 0) throw new OnnxModelMissingError(options.modelDir, missing);
  const dir = realpathSync(options.modelDir);
  const quantized = !existsSync(join(dir, 'onnx', 'model.onnx'));
  const transformers = await import('@huggingface/transformers');
  transformers.env.allowRemoteModels = false;
  transformers.env.allowLocalModels = true;
  // Local files need no cache copy, and the extension folder may be read-only.
  transformers.env.useFSCache = false;
  const extractor = await transformers.pipeline('feature-extraction', dir, { dtype: quantized ? 'q8' : 'fp32', device: 'cpu', local_files_only: true });
  const batchSize = options.batchSize ?? 32;
  const embed = async (texts: string[]): Promise<Float32Array[]> => {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += batchSize) {
      const tensor = await extractor(texts.slice(i, i + batchSize), { pooling: 'mean', normalize: true });
      const [rows, dim] = tensor.dims as [number, number];
      const data = tensor.data as Float32Array;
      for (let r = 0; r < rows; r++) out.push(normalize(Float32Array.from(data.subarray(r * dim, (r + 1) * dim))));
    }
    return out;
  };
  const [probe] = await embed(['dimension probe']);
  const model = join(dir, 'onnx', quantized ? 'model_quantized.onnx' : 'model.onnx');
  const { size, mtimeMs } = statSync(model);
  return {
    // The file's size and time stand in for its content: a replaced model re-embeds.
    id: `onnx:${dir}:${size}:${Math.round(mtimeMs)}`,
    label: `ONNX model ${dir.slice(dir.lastIndexOf('/') + 1) || dir}`,
    dimension: probe?.length ?? 0,
    embed,
    dispose: async () => {
      await extractor.dispose();
    },
  };
}
