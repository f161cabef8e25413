import {
  ASSIGNMENT,
  AUTH_HEADERS,
  BEARER,
  MYSQL_GLUED_PASSWORD,
  PASSWORD_P_FLAG,
  SECRET_FLAG,
  URL_CREDENTIALS,
  URL_QUERY_SECRETS,
  USER_PASSWORD_FLAG,
  isSecretName,
  isSecretValue,
} from './contextRules';
import { isHighEntropyToken, TOKEN } from './entropy';
import { PROVIDER_RULES, type ShapeRule } from './providerRules';

/** What was removed, by label, for the record's meta (counts only, never the secret). */
export interface RedactionResult {
  text: string;
  /** Label → how many were replaced; empty when the text was clean. */
  redacted: Record<string, number>;
}

export function placeholder(label: string): string {
  return `[REDACTED:${label}]`;
}

/** Provider shapes first (most precise label), then context, then entropy as the last net. */
const SHAPE_RULES: readonly ShapeRule[] = [
  ...PROVIDER_RULES,
  URL_CREDENTIALS,
  URL_QUERY_SECRETS,
  AUTH_HEADERS,
  BEARER,
  USER_PASSWORD_FLAG,
  PASSWORD_P_FLAG,
  MYSQL_GLUED_PASSWORD,
];

/** Cheap pre-check: text with no run of 6+ token characters and no `=`/`:`/`-` cannot hold a secret. */
const MAYBE_SECRET = /[A-Za-z0-9+/_-]{6}|[=:@]|-p/;

/**
 * Replaces every secret in `text` with `[REDACTED:<label>]`. Used on everything capture stores
 * that a person typed or a tool printed: commit messages, command lines, diagnostic messages,
 * branch and task names, paths. Pure and synchronous; safe to call on any string.
 */
export function redactSecrets(text: string): RedactionResult {
  const redacted: Record<string, number> = {};
  if (!MAYBE_SECRET.test(text)) return { text, redacted };
  const note = (label: string) => {
    redacted[label] = (redacted[label] ?? 0) + 1;
    return placeholder(label);
  };
  let out = text;
  for (const rule of SHAPE_RULES) out = applyRule(out, rule, note);
  out = out.replace(SECRET_FLAG.pattern, (whole, prefix: string, name: string, value: string) =>
    isSecretName(name) && isSecretValue(value, '=') ? `${prefix}${note(secretLabel(name))}` : whole,
  );
  out = out.replace(
    ASSIGNMENT,
    (whole, quote: string, name: string, sep: string, dq: string | undefined, sq: string | undefined, bare: string | undefined) => {
      const value = dq ?? sq ?? bare ?? '';
      if (!isSecretName(name) || !isSecretValue(value, sep)) return whole;
      const q = dq !== undefined ? '"' : sq !== undefined ? "'" : '';
      return `${quote}${name}${quote}${sep}${q}${note(secretLabel(name))}${q}`;
    },
  );
  out = out.replace(TOKEN, (token) => (isHighEntropyToken(token) ? note('high-entropy') : token));
  return { text: out, redacted };
}

/** `redactSecrets(text).text`, for callers that do not report counts. */
export function redact(text: string): string {
  return redactSecrets(text).text;
}

function applyRule(text: string, rule: ShapeRule, note: (label: string) => string): string {
  rule.pattern.lastIndex = 0;
  return text.replace(rule.pattern, (whole: string, ...groups: unknown[]) => {
    if (rule.group === undefined) return rule.check && !rule.check(whole) ? whole : note(rule.label);
    const secret = groups[rule.group - 1];
    if (typeof secret !== 'string' || secret.length === 0) return whole;
    if (secret.startsWith('[REDACTED:') || (rule.check && !rule.check(secret))) return whole;
    // The secret group is always the match's tail, so the kept prefix is everything before it.
    return whole.slice(0, whole.length - secret.length) + note(rule.label);
  });
}

/** `DB_PASSWORD` → `password`, `GITHUB_TOKEN` → `token`: the label says what kind of thing it was. */
function secretLabel(name: string): string {
  const n = name.toLowerCase();
  if (/pass|pwd/.test(n)) return 'password';
  if (/key/.test(n)) return 'key';
  if (/token|auth/.test(n)) return 'token';
  if (/credential|dsn|conn/.test(n)) return 'credentials';
  return 'secret';
}
