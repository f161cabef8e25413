import { nothing, noChange, type TemplateResult } from 'lit';

/**
 * A Lit template as the HTML the browser would show, for specs in plain Node: bound values are
 * escaped exactly where Lit binds them as text, so text from a proposal or a memory shows up as
 * `&lt;img…` and never as markup. `unsafeHTML` is the one directive that inserts markup, and it does
 * here too, so a spec can catch it. Event listeners (`@click`) are left out; `?attr` appears only
 * when true; `.prop` appears as an attribute (`.value="…"`) so the editors' text can be read.
 */
export function templateHtml(value: unknown): string {
  if (isTemplate(value)) {
    let out = '';
    value.strings.forEach((text, i) => {
      out += text;
      if (i < value.values.length) out = bind(out, value.values[i]);
    });
    return out;
  }
  if (Array.isArray(value)) return value.map(templateHtml).join('');
  const directive = directiveOf(value);
  if (directive) return directive.name === 'unsafeHTML' ? asText(directive.values[0]) : templateHtml(directive.values[0]);
  if (value === nothing || value === noChange || value === null || value === undefined || value === false) return '';
  return escapeHtml(asText(value));
}

/** The text a person reads: tags dropped, entities decoded, white space folded. */
export function visibleText(html: string): string {
  return decode(html.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The elements whose class list has `className`: their class list and inner HTML (no nesting of the same tag). */
export function elementsWithClass(html: string, className: string): { classes: string[]; inner: string; tag: string }[] {
  const found: { classes: string[]; inner: string; tag: string }[] = [];
  const open = /<([a-z][\w-]*)\b([^>]*)>/gi;
  for (let match = open.exec(html); match; match = open.exec(html)) {
    const [whole, tag = '', attributes = ''] = match;
    const classes = /\bclass="([^"]*)"/.exec(attributes)?.[1]?.split(/\s+/).filter(Boolean) ?? [];
    if (!classes.includes(className)) continue;
    const start = match.index + whole.length;
    const end = closingIndex(html, tag, start);
    found.push({ classes, inner: html.slice(start, end), tag });
  }
  return found;
}

function closingIndex(html: string, tag: string, from: number): number {
  const pattern = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'gi');
  pattern.lastIndex = from;
  let depth = 1;
  for (let match = pattern.exec(html); match; match = pattern.exec(html)) {
    depth += match[1] ? -1 : 1;
    if (depth === 0) return match.index;
  }
  return html.length;
}

function bind(before: string, value: unknown): string {
  const attribute = /\s([.?@]?)([\w-]+)=$/.exec(before);
  if (!attribute) return before + templateHtml(value);
  const [whole, prefix, name] = attribute;
  const head = before.slice(0, before.length - whole.length);
  const plain = directiveOf(value)?.values[0] ?? value;
  if (prefix === '@') return head;
  if (prefix === '?') return plain ? `${head} ${name}` : head;
  if (plain === nothing || plain === undefined || plain === null) return head;
  return `${head} ${prefix}${name}="${escapeHtml(asText(plain))}"`;
}

function isTemplate(value: unknown): value is TemplateResult {
  return typeof value === 'object' && value !== null && '_$litType$' in value && 'strings' in value;
}

function directiveOf(value: unknown): { name: string; values: unknown[] } | undefined {
  if (typeof value !== 'object' || value === null || !('_$litDirective$' in value)) return undefined;
  const directive = (value as { _$litDirective$: { directiveName?: string; name?: string }; values: unknown[] });
  return { name: directive._$litDirective$.directiveName ?? directive._$litDirective$.name ?? '', values: directive.values };
}

/** What Lit writes for a bound value: strings and numbers as they are, anything else as JSON so a spec sees it. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? '';
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}
