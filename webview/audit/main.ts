// Entry of the audit panel bundle: components are imported one at a time.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import './mhAuditApp';
