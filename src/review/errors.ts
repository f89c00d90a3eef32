/** Input that cannot be used as given: a bad row, a missing column. Nothing is changed. */
export class ReviewInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewInputError';
  }
}
