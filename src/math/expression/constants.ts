/**
 * Named defaults of expression reading and equivalence checking. Every value a
 * spec can override is named `*_DEFAULT`; docs/expressions.md explains each one.
 */

/** Longest answer text read, in characters (after unicode normalization). */
export const MAX_INPUT_LENGTH = 400;
/** Deepest bracket nesting read; mathjs parses recursively, so this is checked before parsing. */
export const MAX_BRACKET_DEPTH = 24;
/** Deepest expression tree accepted after parsing (unary minus chains, power towers, ...). */
export const MAX_TREE_DEPTH = 100;
/** Most nodes in one expression tree. */
export const MAX_TREE_NODES = 300;
/** Most nodes of a definition once the definitions it uses are written out (chains that double at each level grow exponentially). */
export const MAX_EXPANDED_NODES = 10_000;
/** Most steps read in a derivation. */
export const MAX_DERIVATION_STEPS = 30;

/** Sample points compared per check. */
export const SAMPLES_DEFAULT = 20;
/** Candidate points drawn per compared point, so points where an answer is undefined can be replaced. */
export const POOL_FACTOR = 2;
/** A check needs at least this fraction of `samples` points where both sides are defined. */
export const MIN_VALID_FRACTION = 0.5;
/** Largest fraction of points where one side is defined and the other is not, still counted as equal (overflow, poles). */
export const UNDEFINED_FRACTION_MAX = 0.1;
/** Draws of the dimension sizes (`m`, `n`, ...) when a part declares dimensions. */
export const DIMENSION_DRAWS_DEFAULT = 3;
/**
 * Relative tolerance of a sampled comparison, at each point against the larger
 * of the two values there. There is no absolute default: a spec's `atol` is
 * added as it is.
 */
export const SAMPLED_RTOL_DEFAULT = 1e-6;
/**
 * Float64 decides a point only when it would still decide the same way with
 * each side moved by this many times its rounding-error bound.
 */
export const ERROR_BOUND_SAFETY = 8;
/** Significant digits of the decimal re-check of a point float64 can't decide; the second is tried when the first can't either. */
export const PRECISE_DIGITS: readonly number[] = [30, 60];
/** Without a float64 error bound, a point is also evaluated this many digits short of the finest precision, to bound its error. */
export const PRECISE_DRIFT_DIGITS = 15;
/**
 * Points re-checked in decimal arithmetic as they come; further points float64
 * can't decide wait, and are re-checked only if the decided ones are too few
 * (decimal.js takes about a millisecond per function).
 */
export const PRECISE_POINTS_FIRST = 2;
/**
 * At a point only decimal arithmetic could judge, a difference whose remaining
 * rounding error is below ROUNDING_FLOOR × the expected values' typical size
 * (root mean square) counts as none: `sin(x)^2 + cos(x)^2 - 1` is 0.
 */
export const ROUNDING_FLOOR = 1e-30;
/**
 * Float64 counts two values within each other's rounding error as equal when
 * that error is at most FLOAT_ROUNDING_FLOOR × the magnitude of the expected
 * side's terms at the point (its value, or its error bound over the unit
 * roundoff; 1 when the expected expression is identically 0). A larger error
 * is sent to decimal arithmetic.
 */
export const FLOAT_ROUNDING_FLOOR = 1e-13;
/** Most entries of one sampled matrix variable (at the largest sizes of its dimensions): bounds the work per point. */
export const MAX_SAMPLED_MATRIX_ENTRIES = 10_000;
/** Entries of a matrix variable are drawn from this range unless the spec gives one. */
export const MATRIX_RANGE_DEFAULT: readonly [number, number] = [-2, 2];
/** Attempts at drawing a candidate point where the expected expression is defined, per wanted point. */
export const DRAW_ATTEMPTS_PER_POINT = 10;
/** Widths of the narrow bands around the centre of a range (0 if inside) some draws are taken from, so saturating functions are compared where they are not flat. */
export const CENTRAL_BAND_WIDTHS: readonly number[] = [0.1, 0.01];
/** One drawn point in this many (after the corners) is in a central band; the others are stratified over the whole range. */
export const CENTRAL_BAND_EVERY = 4;
/** Strata per range: every block of this many stratified points has one value in each stratum of every scalar variable. */
export const STRATA = 16;
/** Up to this many scalar variables, every corner of their ranges is sampled; beyond, each variable's two ends (faces). */
export const CORNER_VARIABLES_MAX = 4;

/**
 * Try a symbolic proof with nerdamer-prime after sampling agrees. Off by
 * default: it never changes a verdict, costs up to CAS_TIMEOUT_MS per distinct
 * correct answer, and whether it finishes in time depends on machine load, so
 * the recorded `method` would not be reproducible.
 */
export const CAS_DEFAULT = false;
/** nerdamer-prime's own cooperative timeout, in milliseconds. */
export const CAS_TIMEOUT_MS = 150;
/** Largest expression (tree nodes, both sides together, definitions expanded) handed to the CAS. */
export const CAS_MAX_NODES = 60;
/** Largest integer exponent handed to the CAS (its expansion cost grows with it). */
export const CAS_MAX_EXPONENT = 6;
/** Longest text handed to the CAS. */
export const CAS_MAX_TEXT = 400;

/** Significant digits of numbers in feedback. */
export const FEEDBACK_DIGITS = 4;
