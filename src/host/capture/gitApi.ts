import type * as vscode from 'vscode';

/**
 * The part of the built-in git extension's API (extensions/git/src/api/git.d.ts, version 1) that
 * capture uses, declared here because the extension ships no types package.
 */
export interface GitBranchRef {
  readonly name?: string;
  readonly commit?: string;
  readonly ahead?: number;
  readonly behind?: number;
  readonly upstream?: { readonly remote: string; readonly name: string };
}

export interface GitCommit {
  readonly hash: string;
  readonly message: string;
  readonly parents: string[];
  readonly authorName?: string;
  readonly authorDate?: Date;
}

export interface GitChange {
  readonly uri: vscode.Uri;
  readonly originalUri: vscode.Uri;
}

export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly HEAD: GitBranchRef | undefined; readonly onDidChange: vscode.Event<void> };
  getCommit(ref: string): Promise<GitCommit>;
  diffBetween(ref1: string, ref2: string): Promise<GitChange[]>;
}

export interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly repositories: GitRepository[];
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
  readonly onDidCloseRepository: vscode.Event<GitRepository>;
}

export interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}
