/**
 * JSON safe to embed inside `<script type="application/json">`: whatever strings it holds
 * (memory text, file names), it cannot close the tag, open a comment or break the line.
 */
export function jsonForScriptTag(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
