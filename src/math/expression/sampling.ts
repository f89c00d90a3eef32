/**
 * Seeded sample points: the same seed always gives the same dimension sizes and
 * variable values. Scalars are drawn over the whole range and, for a share of
 * the points, in narrow bands around its centre, so a sigmoid or tanh is also
 * probed where it is not saturated. Matrices get random, non-square,
 * non-symmetric entries, so a transpose or an order mistake shows.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { CENTRAL_BAND_WIDTHS } from './constants.ts';
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

  constructor(private readonly domain: Domain, readonly seed: number) {
    this.rng = xoroshiro128plus(mixSeed(seed));
    // The first outputs of xoroshiro128+ from a small seed are poorly mixed.
    for (let i = 0; i < WARM_UP_DRAWS; i++) uniformFloat64(this.rng);
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

  /** One point; `index` picks full-range or central-band draws for scalars. */
  drawPoint(sizes: Map<number, number>, draw: number, index: number): SamplePoint {
    const values: Value[] = new Array<Value>(this.domain.slots).fill(0);
    for (const [slot, size] of sizes) values[slot] = size;
    const band = index % 2 === 1 ? CENTRAL_BAND_WIDTHS[((index - 1) / 2) % CENTRAL_BAND_WIDTHS.length] : undefined;
    for (const variable of this.domain.variables.values()) {
      if (variable.shape === null) {
        values[variable.slot] = this.scalar(variable, band);
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

  private scalar(variable: VariableDecl, band: number | undefined): number {
    if (variable.values) return variable.values[uniformInt(this.rng, 0, variable.values.length - 1)]!;
    let [lo, hi] = variable.range;
    if (band !== undefined) {
      const centre = Math.min(Math.max(0, lo), hi);
      const half = ((hi - lo) * band) / 2;
      [lo, hi] = [Math.max(lo, centre - half), Math.min(hi, centre + half)];
    }
    return lo + (hi - lo) * uniformFloat64(this.rng);
  }
}
