/** The contract of issue 16 on the TA tables: shared by `npm run bench:rubric` and its test. */
export const TARGET_MIN_SAFE = 0.9;
export const TARGET_MAX_LOAD_ADVERSARIAL = 0.4;
export const TARGET_MAX_LOAD_REALISTIC = 0.15;
