import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import auditEntrySchema from '../../../storage/schemas/audit-entry.schema.json';
import fileHeaderSchema from '../../../storage/schemas/file-header.schema.json';
import memoryEditSchema from '../../../storage/schemas/memory-edit.schema.json';
import memoryRecordSchema from '../../../storage/schemas/memory-record.schema.json';
import personaSchema from '../../../storage/schemas/persona.schema.json';
import policySchema from '../../../storage/schemas/policy.schema.json';
import taskEventSchema from '../../../storage/schemas/task-event.schema.json';

/** A schema check: undefined when valid, else one readable sentence naming the first bad field. */
export type Check = (value: unknown) => string | undefined;

export interface StorageSchemas {
  record: Check;
  edit: Check;
  taskEvent: Check;
  audit: Check;
  persona: Check;
  header: Check;
  policy: Check;
}

let compiled: StorageSchemas | undefined;

/**
 * The JSON Schemas in storage/schemas are the one definition of every stored shape: compiled once
 * (lazily: compiling costs tens of milliseconds) and used on every write and every read.
 */
export function storageSchemas(): StorageSchemas {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: false, strict: true, strictTypes: false, strictRequired: false });
  for (const schema of [memoryRecordSchema, memoryEditSchema, taskEventSchema, auditEntrySchema, personaSchema, fileHeaderSchema, policySchema]) ajv.addSchema(schema);
  const check = (schema: { $id: string }, label: string): Check => {
    const validate = ajv.getSchema(schema.$id) as ValidateFunction;
    return (value) => (validate(value) ? undefined : describe(label, validate.errors ?? []));
  };
  compiled = {
    record: check(memoryRecordSchema, 'record'),
    edit: check(memoryEditSchema, 'edit'),
    taskEvent: check(taskEventSchema, 'task event'),
    audit: check(auditEntrySchema, 'audit entry'),
    persona: check(personaSchema, 'persona'),
    header: check(fileHeaderSchema, 'file header'),
    policy: check(policySchema, 'policy'),
  };
  return compiled;
}

function describe(label: string, errors: ErrorObject[]): string {
  // oneOf failures list an error per branch; the deepest, most specific one is the useful one.
  const error = [...errors].sort((a, b) => rank(b) - rank(a))[0];
  if (!error) return `${label} is invalid`;
  const where = error.instancePath ? `${label}${error.instancePath.replaceAll('/', '.')}` : label;
  const extra = error.keyword === 'additionalProperties' ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})` : '';
  const allowed = error.keyword === 'enum' ? `: ${((error.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(', ')}` : '';
  return `${where} ${error.message ?? 'is invalid'}${extra}${allowed}`;
}

const KEYWORD_RANK: Record<string, number> = { oneOf: 0, const: 1, enum: 2, required: 3, additionalProperties: 5 };

function rank(error: ErrorObject): number {
  // A failed `const` is a discriminator (`op`, `ev`, `type`) of a branch that was not meant: rank it low.
  const depth = error.instancePath.split('/').length - (error.keyword === 'const' ? 1 : 0);
  return depth * 10 + (KEYWORD_RANK[error.keyword] ?? 4);
}
