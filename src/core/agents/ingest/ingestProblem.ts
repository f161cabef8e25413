/** Why a dropped file cannot become notes; the message goes into its `.error.txt` as written. */
export class IngestProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IngestProblem';
  }
}
