import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

/** One `.gitignore` (or `.git/info/exclude`) and the folder its rules are relative to. */
export interface GitignoreSource {
  /** Folder of the file relative to the workspace folder, `/` separators, `''` for the root. */
  dir: string;
  /** The file's text. */
  content: string;
}

export interface PathFilterOptions {
  /** The person's `metahuman.capture.excludeGlobs`. A pattern without `/` matches the file name anywhere. */
  excludeGlobs?: readonly string[];
  /** VS Code's `files.exclude` patterns that are switched on (the host passes the keys set to true). */
  filesExclude?: readonly string[];
  /** Every `.gitignore` of the workspace folder (see `loadGitignores`). */
  gitignores?: readonly GitignoreSource[];
}

/** Why a path was refused; the caller logs the reason, never the path. */
export type ExclusionReason = 'git-internal' | 'exclude-glob' | 'files-exclude' | 'gitignore';

type Match = (path: string) => boolean;

const CACHE_MAX = 5_000;

/** Never captured whatever the settings: git's own files carry refs, hooks and sometimes credentials. */
const ALWAYS = picomatch(['.git', '.git/**', '**/.git', '**/.git/**'], { dot: true });

/**
 * Decides whether a path inside one workspace folder may be captured. Built once per folder and
 * settings change; `exclusionOf` is then a few compiled matchers per call.
 */
export class PathFilter {
  private readonly userGlobs: Match;
  private readonly editorGlobs: Match;
  /** Deepest folder first: in git the closest `.gitignore` that says anything about a path wins. */
  private readonly gitignores: Array<{ dir: string; rules: Ignore }>;
  private readonly cache = new Map<string, ExclusionReason | 'ok'>();

  constructor(options: PathFilterOptions = {}) {
    this.userGlobs = compileGlobs(options.excludeGlobs ?? []);
    this.editorGlobs = compileGlobs(options.filesExclude ?? []);
    this.gitignores = (options.gitignores ?? [])
      .map((g) => ({ dir: trimSlashes(g.dir), rules: ignore({ allowRelativePaths: true }).add(g.content) }))
      .sort((a, b) => depth(b.dir) - depth(a.dir));
  }

  /**
   * Why `path` must not be captured, or undefined when it may be. `path` is relative to the
   * workspace folder (`/` separators); an absolute path (a file outside the folder) is checked
   * against the globs by its name and full path, and no `.gitignore` applies to it.
   */
  exclusionOf(path: string): ExclusionReason | undefined {
    // The same few files come back thousands of times a session; the rules do not change under a filter.
    const cached = this.cache.get(path);
    if (cached !== undefined) return cached === 'ok' ? undefined : cached;
    const reason = this.decide(path);
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(path, reason ?? 'ok');
    return reason;
  }

  private decide(path: string): ExclusionReason | undefined {
    const rel = normalize(path);
    if (rel === '') return undefined;
    // Globs are relative patterns: an absolute path is matched without its root.
    const forGlobs = isAbsolute(rel) ? rel.replace(/^[a-z][a-z0-9+.-]*:\/*/i, '').replace(/^\/+/, '') : rel;
    if (ALWAYS(forGlobs)) return 'git-internal';
    if (this.userGlobs(forGlobs)) return 'exclude-glob';
    if (this.editorGlobs(forGlobs)) return 'files-exclude';
    if (!isAbsolute(rel) && this.gitignored(rel)) return 'gitignore';
    return undefined;
  }

  isExcluded(path: string): boolean {
    return this.exclusionOf(path) !== undefined;
  }

  private gitignored(rel: string): boolean {
    for (const { dir, rules } of this.gitignores) {
      if (dir !== '' && !rel.startsWith(`${dir}/`)) continue;
      const result = rules.test(dir === '' ? rel : rel.slice(dir.length + 1));
      if (result.ignored) return true;
      if (result.unignored) return false;
    }
    return false;
  }
}

/** `matchBase` gives patterns without `/` the `.gitignore` meaning: the name, in any folder. */
function compileGlobs(globs: readonly string[]): Match {
  const usable = globs.map((g) => g.trim()).filter((g) => g.length > 0);
  if (usable.length === 0) return () => false;
  const withSlash = usable.filter((g) => g.replace(/\/$/, '').includes('/'));
  const bare = usable.filter((g) => !g.replace(/\/$/, '').includes('/'));
  const byPath = withSlash.length > 0 ? picomatch(withSlash, { dot: true, nocase: true }) : () => false;
  const byName = bare.length > 0 ? picomatch(bare.map((g) => g.replace(/\/$/, '')), { dot: true, nocase: true, basename: true }) : () => false;
  // A bare folder name (`secrets`) also excludes everything below a folder of that name.
  const byFolder = bare.length > 0 ? picomatch(bare.map((g) => `**/${g.replace(/\/$/, '')}/**`), { dot: true, nocase: true }) : () => false;
  return (p: string) => byPath(p) || byName(p) || byFolder(p);
}

function normalize(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '');
}

function trimSlashes(dir: string): string {
  return normalize(dir).replace(/^\/+|\/+$/g, '');
}

function depth(dir: string): number {
  return dir === '' ? 0 : dir.split('/').length;
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:\//.test(p) || /^[a-z][a-z0-9+.-]*:/i.test(p);
}
