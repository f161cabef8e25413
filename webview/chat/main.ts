// Entry of the chat view bundle: components are imported one at a time.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import './mhChatThread';
import './mhChatApp';
