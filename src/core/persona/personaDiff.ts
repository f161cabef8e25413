/** One difference between two personas, at the level of a field path like `goals[id=ship].status`. */
export interface PersonaChange {
  path: string;
  type: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

/** Array items are matched by the first of these fields that every item has, uniquely. */
const ITEM_KEYS = ['id', 'name', 'rule', 'text'];

/**
 * Field-level diff of two JSON values. Lists of plain values are compared as sets (their order
 * carries no meaning in a persona); lists of objects are matched by a natural key (`id`, `name`…)
 * so that editing one goal reads as that goal changing, not as every later index shifting.
 */
export function diffPersona(before: unknown, after: unknown): PersonaChange[] {
  const out: PersonaChange[] = [];
  diffValue('', before, after, out);
  return out;
}

/** `~ identity.role: "Engineer" → "Staff engineer"`, `+ goals[id=ship]: {…}`, `- identity.aliases: "A."`. */
export function formatChange(change: PersonaChange): string {
  switch (change.type) {
    case 'added':
      return `+ ${change.path}: ${show(change.after)}`;
    case 'removed':
      return `- ${change.path}: ${show(change.before)}`;
    case 'changed':
      return `~ ${change.path}: ${show(change.before)} → ${show(change.after)}`;
  }
}

function diffValue(path: string, a: unknown, b: unknown, out: PersonaChange[]): void {
  if (Array.isArray(a) && Array.isArray(b)) return diffArray(path, a, b, out);
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const sub = path ? `${path}.${key}` : key;
      if (!(key in b)) out.push({ path: sub, type: 'removed', before: a[key] });
      else if (!(key in a)) out.push({ path: sub, type: 'added', after: b[key] });
      else diffValue(sub, a[key], b[key], out);
    }
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path: path || '(root)', type: 'changed', before: a, after: b });
}

function diffArray(path: string, a: unknown[], b: unknown[], out: PersonaChange[]): void {
  if ([...a, ...b].every((v) => !isObject(v) && !Array.isArray(v))) {
    const inA = new Set(a.map((v) => JSON.stringify(v)));
    const inB = new Set(b.map((v) => JSON.stringify(v)));
    for (const v of a) if (!inB.has(JSON.stringify(v))) out.push({ path, type: 'removed', before: v });
    for (const v of b) if (!inA.has(JSON.stringify(v))) out.push({ path, type: 'added', after: v });
    return;
  }
  const key = ITEM_KEYS.find((k) => uniqueKey(a, k) && uniqueKey(b, k));
  if (!key) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const sub = `${path}[${i}]`;
      if (i >= b.length) out.push({ path: sub, type: 'removed', before: a[i] });
      else if (i >= a.length) out.push({ path: sub, type: 'added', after: b[i] });
      else diffValue(sub, a[i], b[i], out);
    }
    return;
  }
  const byKey = (items: unknown[]) => new Map(items.map((item) => [String((item as Record<string, unknown>)[key]), item]));
  const mapA = byKey(a);
  const mapB = byKey(b);
  for (const [k, item] of mapA) {
    const sub = `${path}[${key}=${k}]`;
    if (!mapB.has(k)) out.push({ path: sub, type: 'removed', before: item });
    else diffValue(sub, item, mapB.get(k), out);
  }
  for (const [k, item] of mapB) if (!mapA.has(k)) out.push({ path: `${path}[${key}=${k}]`, type: 'added', after: item });
}

function uniqueKey(items: unknown[], key: string): boolean {
  const seen = new Set<string>();
  for (const item of items) {
    const value = isObject(item) ? item[key] : undefined;
    if (typeof value !== 'string' || seen.has(value)) return false;
    seen.add(value);
  }
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
