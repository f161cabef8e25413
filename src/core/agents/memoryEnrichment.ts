import { librariesFromCommand } from '../capture/sessions/entityExtraction';
import { recordFiles } from '../index/recordFields';
import type { MemoryRecord } from '../memory/record';
import type { Persona } from '../persona/persona';
import { conceptsIn, toolsIn } from './techVocabulary';

/**
 * The organizer's offline method: tags, entities and an importance score read from a record's
 * text, its structured `meta` (as capture writes it) and the persona (people, projects), with no
 * model. Each rule is one a person would agree with on sight; nothing is guessed from thin air.
 */
export interface Enrichment {
  tags: string[];
  entities: string[];
  /** 1..10. */
  importance: number;
}

const TOPIC_RULES: Array<[string, RegExp]> = [
  ['bugfix', /\b(?:fix(?:ed|es|ing)?|bug|crash(?:ed|es)?|regression|broken)\b/i],
  ['testing', /\b(?:tests?|testing|spec|flaky|coverage)\b/i],
  ['refactoring', /\b(?:refactor(?:ed|ing)?|clean(?:ed)? ?up|rename[ds]?|simplif(?:y|ied))\b/i],
  ['docs', /\b(?:docs?|documentation|readme|changelog)\b/i],
  ['performance', /\b(?:perf|performance|faster|slower|latency|optimi[sz](?:e|ed|ation)|memory usage)\b/i],
  ['decision', /\b(?:decided|decision|chose|we will go with|settled on)\b/i],
  ['release', /\b(?:release[sd]?|deploy(?:ed|ment)?|ship(?:ped)?|publish(?:ed)?)\b/i],
  ['security', /\b(?:security|vulnerab\w*|secret|credential|cve-\d+)\b/i],
  ['dependencies', /\b(?:dependenc(?:y|ies)|upgrade[ds]?|bump(?:ed)?)\b/i],
  ['preference', /\b(?:i prefer|i like|i'd rather|i always|i never|switched to)\b/i],
  ['todo', /\b(?:todo|need to|have to|must|remember to|follow up)\b/i],
  ['learning', /\b(?:learned|learnt|til|turns out|lesson)\b/i],
  ['meeting', /\b(?:meeting|call with|standup|1:1|sync with)\b/i],
];

/** Conventional-commit types as topic tags. */
const COMMIT_TYPES: Record<string, string> = { feat: 'feature', fix: 'bugfix', docs: 'docs', test: 'testing', refactor: 'refactoring', perf: 'performance', chore: 'chore', build: 'build', ci: 'ci' };

const LANGUAGES: Record<string, string> = {
  ts: 'typescript', tsx: 'typescript', js: 'javascript', jsx: 'javascript', mjs: 'javascript', cjs: 'javascript', py: 'python', rs: 'rust',
  go: 'go', java: 'java', kt: 'kotlin', cs: 'csharp', cpp: 'cpp', c: 'c', rb: 'ruby', php: 'php', swift: 'swift', md: 'markdown', css: 'css', html: 'html', sql: 'sql',
};

/** Branch names every session mentions: no entity worth linking by. */
const GENERIC_ENTITIES = new Set(['main', 'master', 'develop', 'dev', 'trunk', 'head']);
const PATH_IN_TEXT = /(?<![\w@])((?:[\w.-]+\/)+[\w.-]+\.[a-z][a-z0-9]{0,5}|[\w-]+\.(?:ts|tsx|js|jsx|mjs|cjs|py|rs|go|java|kt|cs|cpp|rb|php|swift|md|json|ya?ml|toml|sql|css|html))\b/gi;
const IMPORT_IN_TEXT = /\b(?:import\s+[^'"\n]*?from\s+|require\(\s*|import\s+)['"]((?:@[\w.-]+\/)?[\w.-]+)(?:\/[^'"]*)?['"]/g;

export function enrichOffline(record: MemoryRecord, persona: Persona): Enrichment {
  return { tags: topicTags(record), entities: entitiesOf(record, persona), importance: importanceOf(record) };
}

function topicTags(record: MemoryRecord): string[] {
  const out = new Set<string>();
  const subject = typeof record.meta.subject === 'string' ? record.meta.subject : '';
  const text = subject || record.text;
  const commitType = /^(\w+)(?:\([^)]*\))?!?:/.exec(subject)?.[1]?.toLowerCase();
  if (commitType && COMMIT_TYPES[commitType]) out.add(COMMIT_TYPES[commitType]);
  // Captured events carry their own words (a command line, a file name): only their subject or text judged as prose.
  for (const [tag, rule] of TOPIC_RULES) {
    if ((tag === 'preference' || tag === 'todo') && record.kind === 'event') continue;
    if (rule.test(text)) out.add(tag);
  }
  if (librariesFromCommand(typeof record.meta.commandLine === 'string' ? record.meta.commandLine : '').length) out.add('dependencies');
  for (const file of recordFiles(record)) {
    const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase();
    if (ext && LANGUAGES[ext]) out.add(LANGUAGES[ext]);
  }
  return [...out].filter((t) => !record.tags.includes(t));
}

function entitiesOf(record: MemoryRecord, persona: Persona): string[] {
  const out = new Set<string>();
  const text = record.text;
  for (const file of recordFiles(record)) out.add(file);
  if (record.kind !== 'event') for (const m of text.matchAll(PATH_IN_TEXT)) out.add(m[1]);
  for (const lib of librariesFromCommand(typeof record.meta.commandLine === 'string' ? record.meta.commandLine : '')) out.add(lib);
  for (const m of text.matchAll(IMPORT_IN_TEXT)) out.add(m[1]);
  for (const tool of toolsIn(text)) out.add(tool);
  for (const concept of conceptsIn(text)) out.add(concept);
  for (const person of persona.relationships) if (person.name && mentions(text, person.name)) out.add(person.name);
  if (typeof record.meta.author === 'string' && record.meta.author.trim()) out.add(record.meta.author.replace(/\s*<[^>]*>\s*$/, '').trim());
  for (const project of persona.context.projects) if (project.name && project.name !== record.project && mentions(text, project.name)) out.add(project.name);
  const have = new Set(record.entities.map((e) => e.toLowerCase()));
  return [...out].filter((e) => e.length > 0 && e.length <= 200 && !have.has(e.toLowerCase()) && !GENERIC_ENTITIES.has(e.toLowerCase()));
}

function mentions(text: string, name: string): boolean {
  return new RegExp(`(?<![\\p{L}\\p{N}])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'iu').test(text);
}

/**
 * 1 trivia .. 10 life-defining. Captured moments score by what they are (an opened file 1, a commit
 * 5, a session 5–7 by its size); the person's own words score higher, and words that mark a
 * decision or something to remember raise any record.
 */
export function importanceOf(record: MemoryRecord): number {
  const tags = new Set(record.tags);
  let score: number;
  if (record.kind === 'event') {
    if (tags.has('session-summary')) score = 5 + sessionWeight(record);
    else if (tags.has('commit')) score = 5 + (Number(record.meta.linesAdded ?? 0) + Number(record.meta.linesDeleted ?? 0) > 200 ? 1 : 0);
    else if (tags.has('error-fixed')) score = 4;
    else if (tags.has('failed')) score = 3;
    else if (tags.has('command')) score = librariesFromCommand(typeof record.meta.commandLine === 'string' ? record.meta.commandLine : '').length ? 4 : 2;
    else if (tags.has('branch') || tags.has('push') || tags.has('pull') || tags.has('debug') || tags.has('task')) score = 3;
    else if (tags.has('opened')) score = 1;
    else score = 2;
  } else if (record.kind === 'note') score = 6;
  else if (record.kind === 'task') score = 6;
  else if (record.kind === 'chat') score = record.meta.role === 'assistant' ? 3 : 4;
  else score = 4;
  if (tags.has('decision') || /\b(?:decided|decision|important|remember|never forget|deadline|promised|milestone)\b/i.test(record.text)) score += 2;
  if (/\b(?:birthday|wedding|born|passed away|new job|promotion|moved to|quit)\b/i.test(record.text) && record.kind !== 'event') score += 2;
  return Math.max(1, Math.min(10, score));
}

function sessionWeight(record: MemoryRecord): number {
  const summary = record.meta.summary as { activeMs?: number; commitsTotal?: number } | undefined;
  const hours = (summary?.activeMs ?? 0) / 3_600_000;
  return (hours >= 2 ? 1 : 0) + ((summary?.commitsTotal ?? 0) >= 3 ? 1 : 0);
}
