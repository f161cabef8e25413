/** Why a profile operation failed, in terms a caller can branch on and a person can act on. */
export type StoreErrorCode =
  | 'NO_SPACE'
  | 'PERMISSION'
  | 'READ_ONLY'
  | 'IO'
  | 'LOCKED'
  | 'INVALID'
  | 'NOT_FOUND'
  | 'CLOSED'
  | 'NOT_EMPTY'
  | 'CORRUPT';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    /** The file concerned, relative to the profile folder when inside it. */
    readonly file?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Wraps a failed write in an error that names the file and says earlier data is intact: every
 * caller rolls back its own partial write before throwing, so that sentence is a promise we keep.
 */
export function writeError(error: unknown, file: string, doing: string): StoreError {
  if (error instanceof StoreError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const tail = 'Nothing was written and earlier data is intact.';
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new StoreError('NO_SPACE', `No space left on the device while ${doing} ${file} (${code}). ${tail} Free some space and retry.`, file, { cause: error });
    case 'EACCES':
    case 'EPERM':
      return new StoreError('PERMISSION', `Permission denied while ${doing} ${file} (${code}). ${tail} Check the profile folder's owner and permissions.`, file, { cause: error });
    case 'EROFS':
      return new StoreError('READ_ONLY', `The file system is read-only while ${doing} ${file} (EROFS). ${tail}`, file, { cause: error });
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return new StoreError('IO', `Could not finish ${doing} ${file}: ${message}. ${tail}`, file, { cause: error });
    }
  }
}
