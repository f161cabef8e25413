import type { ShapeRule } from './providerRules';

/**
 * Secrets recognisable by what surrounds them rather than by their own shape: a password in a
 * URL, a value assigned to a secret-ish name, an `Authorization` header, a `--password` flag.
 * Only the value is replaced, so the memory still says *that* a token was set, not which.
 */

/**
 * Words that end a secret-ish name: `DB_PASSWORD`, `apiKey`, `client_secret`, `GITHUB_TOKEN`.
 * "Ends with" rather than "contains" keeps `TOKEN_TTL`, `passwordLength` and `--password-stdin`
 * ordinary.
 */
const SECRET_NAME_END =
  /(?:^|[_.\-\s]|(?<=[a-z0-9]))(?:pass(?:word|wd|phrase)?|pwd|secret(?:[_-]?(?:key|key[_-]?base|value|string))?|token|api[_-]?key|apikey|access[_-]?key(?:[_-]?id)?|private[_-]?key|signing[_-]?key|encryption[_-]?key|master[_-]?key|session[_-]?key|auth[_-]?key|credentials?|connection[_-]?string|conn[_-]?str|dsn|auth)$/i;

/** Names that end like a secret but never hold one. */
const NOT_SECRET_NAME = /(?:^|[_.-])(?:by)?pass$|bypass$|compass$|^(?:no|skip|show|has|is|use|with|require)[_-]?(?:auth|password|token)$/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME_END.test(name) && !NOT_SECRET_NAME.test(name);
}

/** A value that only points at a secret (`$TOKEN`, `${{ secrets.X }}`, `process.env.X`) is kept. */
const REFERENCE = /^(?:\$|%|\{\{|<|\[REDACTED|process\.env|import\.meta\.env|os\.environ|env\.|getenv|secrets\.|vault:|op:\/\/|\*{3,})/i;
/** Placeholder-ish and type-ish values that read as prose or code, not as a secret. */
const NOT_A_VALUE = new Set([
  'string', 'number', 'boolean', 'bool', 'str', 'int', 'any', 'unknown', 'null', 'none', 'nil', 'undefined',
  'true', 'false', 'required', 'optional', 'empty', 'redacted', 'hidden', 'changeme', 'xxx', 'yes', 'no',
  // Code, not values: `const token = await fetchToken()`.
  'await', 'new', 'this', 'self', 'function', 'async', 'yield', 'typeof', 'require', 'import', 'static', 'readonly',
]);

export function isSecretValue(value: string, separator: string): boolean {
  if (value.length < 3 || REFERENCE.test(value) || NOT_A_VALUE.has(value.toLowerCase())) return false;
  // A call (`getToken()`, `os.getenv("X")`) computes the secret; it is not the secret.
  if (/^[A-Za-z_$][\w$.]*\(/.test(value)) return false;
  // `password: must be long` is prose; a colon introduces a secret only when the value is not a plain word.
  if (separator.trim() === ':' && /^[A-Za-z]+$/.test(value)) return false;
  return true;
}

/** `scheme://user:password@host`: keep the user, drop the password. */
export const URL_CREDENTIALS: ShapeRule = {
  label: 'url-password',
  pattern: /\b([a-z][a-z0-9+.-]{1,20}:\/\/[^\s/:@"'<>]*:)([^\s/@"'<>]+)(?=@)/gi,
  group: 2,
  check: (s) => !REFERENCE.test(s),
};

/** `?token=…`, `&api_key=…`: secret-ish query parameters. */
export const URL_QUERY_SECRETS: ShapeRule = {
  label: 'url-secret',
  pattern: /([?&](?:access_token|refresh_token|id_token|token|api_key|apikey|key|secret|client_secret|password|pass|pwd|auth|code|signature)=)([^&\s#"']+)/gi,
  group: 2,
  check: (s) => s.length >= 6 && !REFERENCE.test(s),
};

/** `Authorization: Bearer …`, `X-API-Key: …` and friends, in commands (curl -H) and messages. */
export const AUTH_HEADERS: ShapeRule = {
  label: 'auth-header',
  pattern:
    /\b((?:proxy-)?authorization|x-api-key|x-auth-token|x-access-token|api-key|private-token|x-vault-token|cookie)(\s*[:=]\s*(?:(?:bearer|basic|token|digest|negotiate|apikey|key|AWS4-HMAC-SHA256)\s+)?)([^\s"'\\]+)/gi,
  group: 3,
  check: (s) => s.length >= 6 && !REFERENCE.test(s),
};

/** A bare `Bearer <token>` outside a named header. */
export const BEARER: ShapeRule = {
  label: 'bearer-token',
  pattern: /\b(Bearer\s+)([A-Za-z0-9._~+/-]{12,}=*)/g,
  group: 2,
  check: (s) => !REFERENCE.test(s),
};

/** `-u user:password` and `--user user:password` (curl, wget, http). */
export const USER_PASSWORD_FLAG: ShapeRule = {
  label: 'password',
  pattern: /(\s(?:-u|--user|--proxy-user|--http-user)[\s=]+['"]?[^\s:'"]+:)([^\s'"@]+)/g,
  group: 2,
  check: (s) => !REFERENCE.test(s),
};

/**
 * Programs whose `-p` takes a password (not a port or a path: `ssh -p 22`, `mkdir -p` stay).
 * mysql-family only in the glued form `-pSECRET`: `mysql -p dbname` prompts and names a database.
 */
export const PASSWORD_P_FLAG: ShapeRule = {
  label: 'password',
  pattern: /(\b(?:sshpass|(?:docker|podman|nerdctl|buildah|skopeo|oras|helm\s+registry|cf|oc)\s+login|redis-cli)\b[^|;&\n]*?\s(?:-p|-a|--pass)\s+['"]?)([^\s'"]+)/g,
  group: 2,
  check: (s) => !REFERENCE.test(s),
};

export const MYSQL_GLUED_PASSWORD: ShapeRule = {
  label: 'password',
  pattern: /(\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump|mysqlimport|mysqlsh)\b[^|;&\n]*?\s-p)([^\s'"]+)/g,
  group: 2,
  check: (s) => !REFERENCE.test(s),
};

/** `--password x`, `--password=x`, `--api-key x`, `--token=x`, `--client-secret x`. */
export const SECRET_FLAG: ShapeRule = {
  label: 'secret-flag',
  pattern: /(\s--?([A-Za-z][\w-]{1,40})(?:=|\s+)['"]?)([^\s'"]+)/g,
  group: 3,
};

/**
 * `NAME=value`, `NAME: value`, `"name": "value"`, `export NAME="value"`, `name := value`.
 * Group 2 is the name, 3 the separator, 4/5/6 the value (double-quoted, single-quoted, bare).
 */
export const ASSIGNMENT = /(?<![\w-])(["']?)([A-Za-z_][\w.-]{0,80})\1(\s*(?::=|=>|=|:)\s*)(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'`,;)}\]]+))/g;
