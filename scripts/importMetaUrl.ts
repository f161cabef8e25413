// Injected into the CJS bundles: what `import.meta.url` would be, for ESM dependencies that read it at load (node-cron).
import { pathToFileURL } from 'node:url';

export const __mhImportMetaUrl = pathToFileURL(__filename).href;
