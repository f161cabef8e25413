import * as v from 'valibot';

/**
 * Reads the state the host embedded in the page (`<script type="application/json">`), so the
 * first paint needs no round trip. Invalid or missing state yields undefined, never a throw.
 */
export function readInitialState<S extends v.GenericSchema>(schema: S, doc: Document = document): v.InferOutput<S> | undefined {
  const text = doc.getElementById('mh-initial-state')?.textContent;
  if (!text) return undefined;
  try {
    const parsed = v.safeParse(schema, JSON.parse(text));
    return parsed.success ? parsed.output : undefined;
  } catch {
    return undefined;
  }
}
