/** The slice of `acquireVsCodeApi()` the views use; a seam that tests replace. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

/** The webview's API, acquired once (VS Code allows only one call per page). */
export function vscodeApi(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}

/** Replaces the API, for tests that render views outside VS Code. */
export function setVsCodeApiForTesting(fake: VsCodeApi): void {
  api = fake;
}
