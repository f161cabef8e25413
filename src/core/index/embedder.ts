/**
 * Turns texts into vectors for the vector half of hybrid search. Every implementation (the
 * built-in lexical one, a local ONNX model, Ollama) sits behind this one shape so the index never
 * knows which it has; it only records `id` to notice when the embedder changed.
 */
export interface Embedder {
  /** Stable identity of the model and its settings; a different id means the vectors must be rebuilt. */
  readonly id: string;
  /** What a person sees, e.g. "lexical (built-in hashed n-grams)". */
  readonly label: string;
  /** Length of every vector `embed` returns. */
  readonly dimension: number;
  /** One vector per text, L2-normalised, in the same order. */
  embed(texts: string[]): Promise<Float32Array[]>;
  /** Releases native sessions or sockets; harmless to call twice. */
  dispose?(): Promise<void>;
}

/** Scales `v` in place to unit length (a zero vector stays zero) and returns it. */
export function normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  if (sum === 0) return v;
  const inv = 1 / Math.sqrt(sum);
  for (let i = 0; i < v.length; i++) v[i] *= inv;
  return v;
}
