/**
 * Seeded sample points: the same seed always gives the same dimension sizes and
 * variable values. The first points of a pool are the corners of the scalar
 * ranges (every end point, so a difference confined to one end of a range
 * shows), or with many variables each face's end points. The rest are
 * stratified over each whole range (a Latin hypercube: every block of STRATA
 * points puts one value in each sixteenth of every range), and a share sits in
 * narrow bands around the centre, so a sigmoid or tanh is also probed where it
 * is not saturated. Matrices get random, non-square, non-symmetric entries, so
 * a transpose or an order mistake shows.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { CENTRAL_BAND_WIDTHS, CENTRAL_BAND_EVERY, CORNER_VARIABLES_MAX, STRATA } from './constants.ts';
import type { Domain, VariableDecl } from './domain.ts';
import { type Value, matrix } from './library.ts';

export interface SamplePoint {
  /** Values by slot: variables and dimension sizes. */
  values: Value[];
  /** Which draw of the dimension sizes this point belongs to. */
  draw: number;
}

const WARM_UP_DRAWS = 8;

/** Spread a small integer seed over all 32 bits (murmur3 finalizer). */
function mixSeed(seed: number): number {
  let h = (seed ^ 0x9e3779b9) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

export class Sampler {
  private readonly rng: RandomGenerator;
  /** Scalar variables whose end points make the corners. */
  private readonly ends: VariableDecl[];
  /** Corner (or face end) points of the whole pool, shared out over the draws of the sizes. */
  private readonly cornerCount: number;
  /** Per variable slot, the current block of strata: its number and a permutation of the strata. */
  private readonly strata = new Map<number, { block: number; order: number[] }>();

  constructor(private readonly domain: Domain, readonly seed: number, private readonly draws = 1) {
    this.rng = xoroshiro128plus(mixSeed(seed));
    // The first outputs of xoroshiro128+ from a small seed are poorly mixed.
    for (let i = 0; i < WARM_UP_DRAWS; i++) uniformFloat64(this.rng);
    this.ends = [...domain.variables.values()].filter((variable) => variable.shape === null);
    const k = this.ends.length;
    this.cornerCount = k === 0 ? 0 : k <= CORNER_VARIABLES_MAX ? 2 ** k : 2 * k;
  }

  /** Dimension sizes by slot; distinct sizes are preferred so that m×n is never accidentally square. */
  drawDimensions(): Map<number, number> {
    const sizes = new Map<number, number>();
    const dims = [...this.domain.dimensions.values()];
    for (let attempt = 0; attempt < 8; attempt++) {
      sizes.clear();
      for (const dim of dims) sizes.set(dim.slot, uniformInt(this.rng, dim.range[0], dim.range[1]));
      if (new Set(sizes.values()).size === sizes.size) break;
    }
    return sizes;
  }

  /** How many of a draw's first points are corners. */
  cornersIn(draw: number): number {
    return Math.max(0, Math.ceil((this.cornerCount - draw) / this.draws));
  }

  /** One point: the `index`-th of its draw; a corner first, then stratified or central-band draws. */
  drawPoint(sizes: Map<number, number>, draw: number, index: number): SamplePoint {
    const values: Value[] = new Array<Value>(this.domain.slots).fill(0);
    for (const [slot, size] of sizes) values[slot] = size;
    const corners = this.cornersIn(draw);
    const corner = index < corners ? index * this.draws + draw : -1;
    const j = index - corners;
    const band = corner < 0 && j % CENTRAL_BAND_EVERY === CENTRAL_BAND_EVERY - 1
      ? CENTRAL_BAND_WIDTHS[Math.floor(j / CENTRAL_BAND_EVERY) % CENTRAL_BAND_WIDTHS.length]
      : undefined;
    for (const variable of this.domain.variables.values()) {
      if (variable.shape === null) {
        const end = corner < 0 ? undefined : this.endAt(corner, this.ends.indexOf(variable));
        values[variable.slot] = end === undefined ? this.scalar(variable, band, draw * 1e9 + j) : this.endValue(variable, end);
      } else {
        const rows = this.size(variable.shape[0], sizes);
        const cols = this.size(variable.shape[1], sizes);
        const data = new Float64Array(rows * cols);
        for (let i = 0; i < data.length; i++) data[i] = this.scalar(variable, undefined);
        values[variable.slot] = matrix(rows, cols, data);
      }
    }
    return { values, draw };
  }

  private size(dim: string | number, sizes: Map<number, number>): number {
    if (typeof dim === 'number') return dim;
    return sizes.get(this.domain.dimensions.get(dim)!.slot)!;
  }

  /**
   * Which end of its range the variable at position `k` takes at corner `corner`:
   * a bit of the corner's number for up to CORNER_VARIABLES_MAX variables; else
   * corner 2k is the variable's low end and 2k + 1 its high end, the others random.
   */
  private endAt(corner: number, k: number): 0 | 1 | undefined {
    if (this.ends.length <= CORNER_VARIABLES_MAX) return ((corner >> k) & 1) as 0 | 1;
    return corner >> 1 === k ? ((corner & 1) as 0 | 1) : undefined;
  }

  private endValue(variable: VariableDecl, end: 0 | 1): number {
    if (variable.values) return end === 0 ? Math.min(...variable.values) : Math.max(...variable.values);
    return variable.range[end];
  }

  /** A value in a central band, or in the stratum the Latin hypercube gives point `position`. */
  private scalar(variable: VariableDecl, band: number | undefined, position?: number): number {
    if (variable.values) return variable.values[uniformInt(this.rng, 0, variable.values.length - 1)]!;
    let [lo, hi] = variable.range;
    if (band !== undefined) {
      const centre = Math.min(Math.max(0, lo), hi);
      const half = ((hi - lo) * band) / 2;
      [lo, hi] = [Math.max(lo, centre - half), Math.min(hi, centre + half)];
    } else if (position !== undefined) {
      const stratum = this.stratum(variable.slot, position);
      [lo, hi] = [lo + ((hi - lo) * stratum) / STRATA, lo + ((hi - lo) * (stratum + 1)) / STRATA];
    }
    return lo + (hi - lo) * uniformFloat64(this.rng);
  }

  /** The stratum of a variable at a position: each block of STRATA positions is a seeded permutation of all strata. */
  private stratum(slot: number, position: number): number {
    const block = Math.floor(position / STRATA);
    let current = this.strata.get(slot);
    if (current === undefined || current.block !== block) {
      const order = Array.from({ length: STRATA }, (_, i) => i);
      for (let i = STRATA - 1; i > 0; i--) {
        const k = uniformInt(this.rng, 0, i);
        [order[i], order[k]] = [order[k]!, order[i]!];
      }
      current = { block, order };
      this.strata.set(slot, current);
    }
    return current.order[position % STRATA]!;
  }
}
