/**
 * A command that ran but did not succeed (a proposal denied, an agent run failed, a broken
 * policy): `mh` prints the message and exits with the code, without the usage hint that
 * Commander adds to its own errors (those are for mistakes in how `mh` was called).
 */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliFailure';
  }
}
