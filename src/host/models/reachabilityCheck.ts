import type { ModelsStatus } from '../../protocol/modelsProtocol';

/** The provider and address a test result is about: a result for another one does not count. */
export function testKey(status: ModelsStatus | undefined, provider = status?.provider): string {
  return `${provider ?? ''} ${status?.endpoint ?? ''}`;
}

/**
 * Whether the models view checks on its own that the configured provider answers (one health call
 * to the address the person set), once per provider and address: offline has nothing to reach, and
 * VS Code's language models may ask the person for consent, so those wait for Test connection.
 */
export function needsReachabilityCheck(status: ModelsStatus, tested: string | undefined, checked: ReadonlySet<string>): boolean {
  if (status.provider === 'offline' || status.provider === 'vscodeLm') return false;
  const key = testKey(status);
  return tested !== key && !checked.has(key);
}
