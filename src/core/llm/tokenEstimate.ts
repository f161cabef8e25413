/**
 * A cheap token estimate: about four ASCII characters per token, but one token per non-ASCII
 * character (CJK, emoji and accented text tokenize far worse than English). It overestimates
 * slightly for English prose, which is the safe side for a budget.
 */
export function estimateTokens(text: string): number {
  let nonAscii = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) nonAscii++;
  return Math.ceil((text.length - nonAscii) / 4 + nonAscii);
}

/** Chat formats add a few tokens per message for the role and separators. */
export const MESSAGE_OVERHEAD_TOKENS = 4;

/** Cuts text to about `maxTokens`, at a word boundary when one is near, marking the cut. */
export function truncateToTokens(text: string, maxTokens: number): string {
  if (estimateTokens(text) <= maxTokens) return text;
  if (maxTokens <= 1) return '';
  let end = Math.max(0, maxTokens * 4 - 2);
  // Non-ASCII text needs a shorter cut: shrink until it fits.
  while (end > 0 && estimateTokens(text.slice(0, end)) > maxTokens - 1) end = Math.floor(end * 0.9);
  const space = text.lastIndexOf(' ', end);
  return `${text.slice(0, space > end * 0.8 ? space : end)}…`;
}

/** A whole prompt: each message's text plus its framing. */
export function estimateMessagesTokens(messages: readonly { content: string }[]): number {
  return messages.reduce((sum, m) => sum + estimateTokens(m.content) + MESSAGE_OVERHEAD_TOKENS, 0);
}
