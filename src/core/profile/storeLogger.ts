/** Where the store reports what it repaired or skipped; the CLI prints to stderr, the engine logs. */
export interface StoreLogger {
  warn(message: string): void;
  info?(message: string): void;
}

export const silentLogger: StoreLogger = { warn: () => undefined };

/** The store's time source; tests pin it to cross a day or month boundary. */
export type Clock = () => Date;
