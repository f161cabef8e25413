import { formatArgs, parseEditedArgs } from './approvalsModel';

/**
 * Editing a proposal's arguments one field at a time, beside the JSON: top-level text, numbers and
 * switches get their own input; lists, objects and nulls stay in the JSON, where their shape is
 * visible. Every field edit is written back into the JSON text, which stays what Approve sends.
 */
export interface ArgField {
  name: string;
  kind: 'text' | 'multiline' | 'number' | 'boolean';
  value: string | number | boolean;
}

/** Past this length a text field gets a text area, like text with line breaks. */
const LONG_TEXT = 80;

export function editableFields(args: Record<string, unknown>): ArgField[] {
  const fields: ArgField[] = [];
  for (const [name, value] of Object.entries(args)) {
    if (typeof value === 'string') fields.push({ name, kind: value.includes('\n') || value.length > LONG_TEXT ? 'multiline' : 'text', value });
    else if (typeof value === 'number' && Number.isFinite(value)) fields.push({ name, kind: 'number', value });
    else if (typeof value === 'boolean') fields.push({ name, kind: 'boolean', value });
  }
  return fields;
}

export type FieldEdit = { ok: true; text: string } | { ok: false; error: string };

/** The arguments text with one field set from its input (a number must read as one; nothing else changes). */
export function withFieldValue(text: string, field: ArgField, input: string | boolean): FieldEdit {
  const parsed = parseEditedArgs(text);
  if (!parsed.ok) return { ok: false, error: 'Fix the JSON first; the fields follow it.' };
  let value: string | number | boolean;
  if (field.kind === 'boolean') value = input === true || input === 'true';
  else if (field.kind === 'number') {
    const raw = String(input).trim();
    const number = raw === '' ? NaN : Number(raw);
    if (!Number.isFinite(number)) return { ok: false, error: `"${field.name}" must be a number; "${raw}" is not one. The arguments keep ${String(field.value)} until it is.` };
    value = number;
  } else value = String(input);
  return { ok: true, text: formatArgs({ ...parsed.args, [field.name]: value }) };
}
