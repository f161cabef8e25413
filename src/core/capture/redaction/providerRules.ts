/**
 * Secrets recognisable by their own shape: providers put fixed prefixes on their keys precisely so
 * that scanners can find them (GitHub, Slack, Stripe, npm…). A match is replaced whole.
 * Order matters where prefixes overlap: `sk-ant-` before OpenAI's `sk-`.
 */
export interface ShapeRule {
  /** Placeholder label: `[REDACTED:<label>]`. */
  label: string;
  /** Global regex; the whole match is replaced unless `group` names the part to replace. */
  pattern: RegExp;
  /** Capture group holding the secret; the rest of the match (a key name, a prefix) is kept. */
  group?: number;
  /** Extra test on the secret, to avoid ordinary words that happen to share a prefix. */
  check?: (secret: string) => boolean;
}

/** Random keys mix cases and digits; words and identifiers that share a prefix usually do not. */
export function looksRandom(s: string): boolean {
  return /[0-9]/.test(s) && /[A-Z]/.test(s) && /[a-z]/.test(s);
}

export const PROVIDER_RULES: readonly ShapeRule[] = [
  {
    label: 'private-key',
    pattern: /-----BEGIN[ A-Z0-9]*PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END[ A-Z0-9]*PRIVATE KEY( BLOCK)?-----|$)/g,
  },
  { label: 'aws-access-key-id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b/g },
  { label: 'github-token', pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}\b/g },
  { label: 'github-token', pattern: /\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g },
  { label: 'gitlab-token', pattern: /\b(?:glpat|gldt|glrt|glptt|glft|glsoat)-[A-Za-z0-9_-]{20,}/g },
  { label: 'slack-token', pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,}/g },
  { label: 'slack-webhook', pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]+/g },
  { label: 'discord-webhook', pattern: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]+/g },
  { label: 'stripe-key', pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g },
  { label: 'stripe-webhook-secret', pattern: /\bwhsec_[A-Za-z0-9]{24,}\b/g },
  { label: 'anthropic-key', pattern: /\bsk-ant-[a-z]{2,8}\d{0,3}-[A-Za-z0-9_-]{20,}/g },
  {
    label: 'openai-key',
    pattern: /\bsk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}/g,
    check: (s) => looksRandom(s.replace(/^sk-(?:proj-|svcacct-|admin-|None-)?/, '')),
  },
  { label: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}/g },
  { label: 'google-oauth-secret', pattern: /\bGOCSPX-[A-Za-z0-9_-]{24,}/g },
  { label: 'google-oauth-token', pattern: /\bya29\.[0-9A-Za-z_-]{20,}/g },
  { label: 'npm-token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { label: 'pypi-token', pattern: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{20,}/g },
  { label: 'huggingface-token', pattern: /\bhf_[A-Za-z0-9]{30,}\b/g, check: looksRandom },
  { label: 'docker-hub-token', pattern: /\bdckr_pat_[A-Za-z0-9_-]{20,}/g },
  { label: 'digitalocean-token', pattern: /\bdo[opr]_v1_[a-f0-9]{64}\b/g },
  { label: 'shopify-token', pattern: /\bshp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}\b/g },
  { label: 'sendgrid-key', pattern: /\bSG\.[A-Za-z0-9_-]{20,24}\.[A-Za-z0-9_-]{39,50}/g },
  { label: 'twilio-key', pattern: /\bSK[0-9a-f]{32}\b/g },
  { label: 'mailgun-key', pattern: /\bkey-[0-9a-z]{32}\b/g },
  { label: 'mailchimp-key', pattern: /\b[0-9a-f]{32}-us\d{1,2}\b/g },
  { label: 'heroku-key', pattern: /\bHRKU-[A-Za-z0-9_-]{40,}/g },
  { label: 'databricks-token', pattern: /\bdapi[a-f0-9]{32}(?:-\d)?\b/g },
  { label: 'telegram-bot-token', pattern: /\b\d{8,10}:AA[A-Za-z0-9_-]{33}\b/g },
  { label: 'square-token', pattern: /\b(?:EAAA|sq0atp-|sq0csp-)[A-Za-z0-9_-]{22,}/g },
  { label: 'atlassian-token', pattern: /\bATATT3[A-Za-z0-9_=-]{100,}/g },
  { label: 'linear-key', pattern: /\blin_api_[A-Za-z0-9]{40}\b/g },
  { label: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  {
    // Azure storage/service-bus connection strings: keep the account, drop the key or signature.
    label: 'azure-key',
    pattern: /\b(AccountKey|SharedAccessKey|SharedAccessSignature|SharedSecretValue)=([^;\s"']+)/g,
    group: 2,
  },
  {
    // Azure SAS tokens and AWS pre-signed URLs carry their signature in the query string.
    label: 'url-signature',
    pattern: /([?&](?:sig|X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|X-Goog-Signature)=)([^&\s#"']+)/g,
    group: 2,
  },
];
