/**
 * "Never capture this project": the person lists workspace folders in
 * `metahuman.capture.optOutFolders`. A folder opts out itself and everything below it, so opting
 * out `~/clients` covers every client repository. Compared case-insensitively on Windows paths
 * and with either slash, because the same folder reaches us spelled both ways.
 */
export function isOptedOut(folder: string, optOutFolders: readonly string[]): boolean {
  const target = canonical(folder);
  return optOutFolders.some((entry) => {
    const out = canonical(entry);
    return out.length > 0 && (target === out || target.startsWith(`${out}/`));
  });
}

function canonical(path: string): string {
  let p = path.trim().replace(/\\/g, '/').replace(/\/+$/, '');
  if (/^(?:file:\/\/)?\/?[A-Za-z]:\//.test(p) || /^[A-Za-z]:$/.test(p)) p = p.toLowerCase();
  return p.replace(/^file:\/\//, '');
}
