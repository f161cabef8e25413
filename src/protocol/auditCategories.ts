/** The audit viewer's categories, and which entry `type` (src/core/audit/auditEntry.ts) falls in which. */

export const AUDIT_CATEGORIES = ['decision', 'action', 'model', 'data', 'security'] as const;
export type AuditCategory = (typeof AUDIT_CATEGORIES)[number];

export const AUDIT_CATEGORY_LABELS: Record<AuditCategory, string> = { decision: 'Decision', action: 'Action', model: 'Model call', data: 'Data', security: 'Security' };

/**
 * decision: the engine's rulings and the person's answers; action: skills and agents that ran;
 * model: calls to a language model; data: writes and forgets in the profile; security: trust and
 * autonomy changes and whole-profile exports. An unknown type (a newer writer) counts as data.
 */
export function auditCategory(type: string): AuditCategory {
  switch (type) {
    case 'decision':
    case 'approval':
      return 'decision';
    case 'skill_execution':
    case 'agent_run':
      return 'action';
    case 'model_call':
      return 'model';
    case 'trust':
    case 'export':
      return 'security';
    default:
      return 'data';
  }
}
