import type { ErrorObject } from 'ajv';

/**
 * One readable sentence from ajv's errors (run with `allErrors`), naming the field:
 * `args.path must be string`, `args must have required property 'title'`,
 * `args must have one of 'content', 'edits'`, `args has an unknown property 'mode'`, `args.edits[0].find must not be empty`.
 * Pattern failures quote the property's description when ajv ran with `verbose`.
 */
export function describeSchemaErrors(label: string, errors: readonly ErrorObject[]): string {
  const candidates = mergeAlternatives(errors);
  const best = [...candidates].sort((a, b) => rank(b) - rank(a))[0];
  if (!best) return `${label} is invalid`;
  const where = label + best.instancePath.replace(/\/(\d+)(?=\/|$)/g, '[$1]').replaceAll('/', '.');
  const limit = (best.params as { limit?: number }).limit;
  switch (best.keyword) {
    case 'additionalProperties':
      return `${where} has an unknown property '${String((best.params as { additionalProperty?: string }).additionalProperty)}'`;
    case 'enum':
      return `${where} must be one of: ${((best.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(', ')}`;
    case 'minLength':
    case 'minItems':
      return limit === 1 ? `${where} must not be empty` : `${where} ${best.message ?? 'is too short'}`;
    case 'pattern': {
      // With ajv's `verbose`, the failing schema is at hand: its description says what form is expected.
      const description = (best.parentSchema as { description?: string } | undefined)?.description;
      return description ? `${where} is not in the expected form (${description})` : `${where} ${best.message ?? 'is invalid'}`;
    }
    case 'oneOfRequired':
      return `${where} must have one of ${(best.params as { missing: string[] }).missing.map((m) => `'${m}'`).join(', ')}`;
    default:
      return `${where} ${best.message ?? 'is invalid'}`;
  }
}

/** `anyOf: [{required:[a]}, {required:[b]}]` fails as two "required" errors and an anyOf: say it as one. */
function mergeAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  const out = [...errors];
  for (const combinator of errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')) {
    const branches = errors.filter((e) => e !== combinator && e.schemaPath.startsWith(`${combinator.schemaPath}/`));
    if (branches.length < 2 || !branches.every((e) => e.keyword === 'required' && e.instancePath === combinator.instancePath)) continue;
    const missing = branches.map((e) => String((e.params as { missingProperty?: string }).missingProperty));
    for (const branch of branches) out.splice(out.indexOf(branch), 1);
    out.splice(out.indexOf(combinator), 1, { ...combinator, keyword: 'oneOfRequired', params: { missing } });
  }
  return out;
}

// Combinators and `if` only say "a branch failed"; the branch's own error names the field.
const KEYWORD_RANK: Record<string, number> = { anyOf: 0, oneOf: 0, allOf: 0, if: 0, not: 1, const: 1, enum: 3, required: 3, oneOfRequired: 3, additionalProperties: 5 };

function rank(error: ErrorObject): number {
  const depth = error.instancePath.split('/').length;
  return depth * 10 + (KEYWORD_RANK[error.keyword] ?? 4);
}
