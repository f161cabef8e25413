/**
 * Names the offline organizer recognises in free text without a model: tools and libraries
 * (grouped where they are alternatives to each other, so "switched to pnpm" can be seen to
 * contradict "I use yarn"), and technical concepts. Deliberately small and unambiguous: a word
 * that is also everyday English ("go", "express", "make") is left to the model.
 */

/** Alternatives for one job: a person uses one of each at a time (in one project). */
export const TOOL_CATEGORIES: Record<string, string[]> = {
  'package manager': ['npm', 'yarn', 'pnpm', 'bun'],
  'python package manager': ['pip', 'poetry', 'uv', 'pipenv', 'conda'],
  'test framework': ['jest', 'mocha', 'vitest', 'jasmine', 'ava', 'node:test', 'pytest', 'unittest'],
  bundler: ['webpack', 'esbuild', 'rollup', 'vite', 'parcel', 'turbopack', 'rspack'],
  linter: ['eslint', 'tslint', 'oxlint', 'biome'],
  formatter: ['prettier', 'dprint', 'black', 'ruff'],
  editor: ['vs code', 'vim', 'neovim', 'emacs', 'intellij', 'webstorm', 'sublime text', 'zed', 'cursor'],
  shell: ['bash', 'zsh', 'fish', 'powershell'],
  database: ['postgres', 'mysql', 'sqlite', 'mongodb', 'mariadb', 'duckdb'],
  'ui framework': ['react', 'vue', 'svelte', 'angular', 'solid', 'lit', 'preact'],
  orm: ['prisma', 'typeorm', 'drizzle', 'sequelize', 'sqlalchemy'],
  'node version manager': ['nvm', 'fnm', 'volta'],
  'code host': ['github', 'gitlab', 'bitbucket'],
  'container runtime': ['docker', 'podman'],
};

/** Other tools and libraries worth naming as entities. */
const OTHER_TOOLS = [
  'typescript', 'javascript', 'python', 'rust', 'kotlin', 'swift', 'node.js', 'deno', 'git', 'kubernetes', 'terraform',
  'ollama', 'openai', 'lodash', 'express.js', 'next.js', 'nuxt', 'tailwind', 'graphql', 'redis', 'kafka', 'nginx',
  'valibot', 'zod', 'playwright', 'cypress', 'storybook', 'electron', 'webassembly', 'onnx', 'transformers.js', 'llama',
];

/** Other spellings of a canonical name. */
const ALIASES: Record<string, string> = {
  vscode: 'vs code',
  'visual studio code': 'vs code',
  postgresql: 'postgres',
  nvim: 'neovim',
  nodejs: 'node.js',
  'node js': 'node.js',
  wasm: 'webassembly',
  nextjs: 'next.js',
  k8s: 'kubernetes',
  sublime: 'sublime text',
  'node test runner': 'node:test',
};

/** Technical concepts named as entities (lower case). */
export const CONCEPTS = [
  'race condition', 'memory leak', 'deadlock', 'caching', 'cache invalidation', 'concurrency', 'authentication', 'authorization',
  'dependency injection', 'error handling', 'logging', 'accessibility', 'internationalization', 'performance', 'security',
  'migration', 'refactoring', 'code review', 'continuous integration', 'type safety', 'streaming', 'embeddings', 'full-text search',
  'vector search', 'rate limiting', 'retry', 'pagination', 'serialization', 'tokenizer', 'parser', 'regular expression',
];

export const KNOWN_TOOLS: string[] = [...new Set([...Object.values(TOOL_CATEGORIES).flat(), ...OTHER_TOOLS])];

/** Tool names that are also everyday words: recognised after "use"/"switched to", never alone. */
const AMBIGUOUS = new Set(['solid', 'black', 'cursor', 'fish', 'lit', 'ava', 'uv', 'bun', 'zed', 'llama']);

/** The category a tool belongs to, if it is one of a set of alternatives. */
export function categoryOf(tool: string): string | undefined {
  const name = canonicalTool(tool) ?? tool.toLowerCase();
  return Object.entries(TOOL_CATEGORIES).find(([, members]) => members.includes(name))?.[0];
}

/** A known tool's canonical name, or undefined. */
export function canonicalTool(word: string): string | undefined {
  const lower = word.toLowerCase().trim();
  const name = ALIASES[lower] ?? lower;
  return KNOWN_TOOLS.includes(name) ? name : undefined;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const TOOL_PATTERN = new RegExp(
  `(?<![\\w@/.-])(${[...KNOWN_TOOLS.filter((t) => !AMBIGUOUS.has(t)), ...Object.keys(ALIASES)].sort((a, b) => b.length - a.length).map(escape).join('|')})(?![\\w/-]|\\.\\w)`,
  'gi',
);
const CONCEPT_PATTERN = new RegExp(`\\b(${CONCEPTS.map(escape).join('|')})\\b`, 'gi');

/** Known tools named in a text, canonical, in order of first mention. */
export function toolsIn(text: string): string[] {
  return [...new Set([...text.matchAll(TOOL_PATTERN)].map((m) => canonicalTool(m[1])!).filter(Boolean))];
}

/** Known concepts named in a text. */
export function conceptsIn(text: string): string[] {
  return [...new Set([...text.matchAll(CONCEPT_PATTERN)].map((m) => m[1].toLowerCase()))];
}
