/**
 * Cheap entities for captured records: the libraries a command installs. Only plain package
 * managers' install verbs are read; anything clever (lock files, imports) would mean reading
 * files, which capture never does.
 */
const INSTALL = /^(?:sudo\s+)?(?:npm\s+(?:i|install|add)|yarn\s+(?:global\s+)?add|pnpm\s+(?:i|install|add)|bun\s+(?:i|install|add)|pip3?\s+install|python3?\s+-m\s+pip\s+install|uv\s+(?:pip\s+install|add)|poetry\s+add|cargo\s+(?:add|install)|go\s+(?:get|install)|gem\s+install|composer\s+require|dotnet\s+add\s+(?:\S+\s+)?package|brew\s+install)\s+(.*)$/;

/** Libraries named by an install command (`npm i -D lodash@4 @types/node` → lodash, @types/node). */
export function librariesFromCommand(commandLine: string): string[] {
  const out = new Set<string>();
  for (const part of commandLine.split(/&&|\|\||;|\|/)) {
    const m = INSTALL.exec(part.trim());
    if (!m) continue;
    const args = m[1].split(/\s+/);
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (arg === '' || arg.startsWith('-')) {
        // Flags that take a value (`-r requirements.txt`, `--registry url`) swallow it.
        if (/^(?:-r|--requirement|-c|--constraint|--registry|--index-url|-i|--prefix|--target|-t)$/.test(arg)) i++;
        continue;
      }
      if (/^(?:\.|\/|~|[A-Za-z]:\\)|\.(?:txt|tgz|whl|tar\.gz)$|^(?:git\+|https?:|file:)/.test(arg)) continue;
      const name = arg.replace(/^(@?[^@=<>~!\s]+).*$/, '$1').replace(/\[.*\]$/, '');
      if (/^@?[A-Za-z0-9][\w.\-/]*$/.test(name) && name.length <= 214) out.add(name);
    }
  }
  return [...out];
}
