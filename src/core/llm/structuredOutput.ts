/**
 * JSON from a model, checked against a valibot schema. Small local models often wrap JSON in prose
 * or code fences, leave trailing commas, or miss a field, so: ask in JSON mode, validate; on failure
 * ask once more with the exact problem; then try to repair either answer; else reject naming what
 * was wrong. The retry comes before the repair because a repaired answer that still misses a field
 * is worth less than the model's own second try.
 */
import * as v from 'valibot';
import type { ChatRequest, ModelProvider } from './modelProvider';

/** The model's answers never became a value the schema accepts. */
export class StructuredOutputError extends Error {
  constructor(
    message: string,
    /** What was wrong with the last answer, in one line. */
    readonly problem: string,
    /** The last answer as the model gave it (for the audit; may be long). */
    readonly raw: string,
  ) {
    super(message);
    this.name = 'StructuredOutputError';
  }
}

type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

export async function askForJson<TSchema extends v.GenericSchema>(
  provider: ModelProvider,
  request: ChatRequest,
  schema: TSchema,
): Promise<v.InferOutput<TSchema>> {
  const first = await complete(provider, { ...request, json: true });
  const firstCheck = check(schema, parseStrict(first));
  if (firstCheck.ok) return firstCheck.value;

  const second = await complete(provider, {
    ...request,
    json: true,
    messages: [
      ...request.messages,
      { role: 'assistant', content: first },
      { role: 'user', content: `Your reply could not be used: ${firstCheck.problem}. Reply again with only the corrected JSON, no prose and no code fences.` },
    ],
  });
  const secondCheck = check(schema, parseStrict(second));
  if (secondCheck.ok) return secondCheck.value;

  let problem = secondCheck.problem;
  for (const answer of [second, first]) {
    const repaired = coerceJson(answer);
    if (repaired === undefined) continue;
    const c = check(schema, { ok: true, value: repaired });
    if (c.ok) return c.value;
    // Once the syntax is repaired, the shape is the real problem with the last answer.
    if (answer === second) problem = c.problem;
  }
  throw new StructuredOutputError(`The model (${provider.label}) did not return usable JSON, even after a retry: ${problem}.`, problem, second);
}

/** The whole streamed answer as one string. */
async function complete(provider: ModelProvider, request: ChatRequest): Promise<string> {
  let text = '';
  for await (const chunk of provider.chat(request)) text += chunk.text;
  return text;
}

function parseStrict(text: string): Checked<unknown> {
  if (!text.trim()) return { ok: false, problem: 'the answer was empty' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, problem: `the answer is not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
}

function check<TSchema extends v.GenericSchema>(schema: TSchema, parsed: Checked<unknown>): Checked<v.InferOutput<TSchema>> {
  if (!parsed.ok) return parsed;
  const result = v.safeParse(schema, parsed.value);
  if (result.success) return { ok: true, value: result.output };
  return { ok: false, problem: `the JSON does not match the expected shape: ${describeIssues(result.issues)}` };
}

/** `age: Invalid type: Expected number but received "x"; name: …` — one line a model (or a person) can act on. */
function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path?.map((p) => String(p.key)).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/**
 * The first JSON value hidden in an answer: inside a ```json fence or after some prose, with
 * trailing commas removed. Undefined when nothing parses.
 */
export function coerceJson(text: string): unknown {
  const candidates: string[] = [];
  const fence = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/.exec(text);
  if (fence?.[1]) candidates.push(fence[1]);
  const balanced = firstBalanced(text);
  if (balanced) candidates.push(balanced);
  for (const c of candidates) {
    for (const attempt of [c, removeTrailingCommas(c)]) {
      try {
        return JSON.parse(attempt) as unknown;
      } catch {
        // try the next
      }
    }
    const inner = firstBalanced(c);
    if (inner && inner !== c) {
      try {
        return JSON.parse(removeTrailingCommas(inner)) as unknown;
      } catch {
        // try the next candidate
      }
    }
  }
  return undefined;
}

/** The first `{…}` or `[…]` whose brackets balance, reading strings as strings. */
function firstBalanced(text: string): string | undefined {
  const start = text.search(/[{[]/);
  if (start < 0) return undefined;
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') stack.push(ch === '{' ? '}' : ']');
    else if (ch === '}' || ch === ']') {
      if (stack.pop() !== ch) return undefined;
      if (stack.length === 0) return text.slice(start, i + 1);
    }
  }
  return undefined;
}

/** `{"a": 1,}` → `{"a": 1}`, leaving commas inside strings alone. */
function removeTrailingCommas(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    if (ch === ',' && /^\s*[}\]]/.test(text.slice(i + 1))) continue;
    out += ch;
  }
  return out;
}
