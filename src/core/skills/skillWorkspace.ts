import { refuseBroadWorkspaceSync } from '../decisions/workspacePaths';
import { SkillInputError, type SkillContext } from './skillTypes';

/** The workspace root, or a `SkillInputError` saying how to give one (or that the filesystem root or the home folder is none). */
export function requireWorkspace(ctx: SkillContext, skill: string): string {
  if (!ctx.workspace) throw new SkillInputError(`${skill} needs a workspace folder: open a folder in VS Code, or pass --workspace DIR to mh.`, 'workspace');
  refuseBroadWorkspaceSync(ctx.workspace);
  return ctx.workspace;
}

/** Seconds, for messages. */
export function describeTimeout(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

export const TIMEOUT_SETTING = 'metahuman.decisions.executionTimeoutSeconds';
