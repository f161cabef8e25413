import { version } from '../../../package.json';

/** The engine's version: the extension's and the CLI's, from package.json. */
export const ENGINE_VERSION: string = version;
