/** Slices of a class for `--shard`, and the error of a run that can't start as asked. */

/** A deterministic slice of the inputs: record positions p with p mod count = index - 1. */
export interface Shard {
  index: number;
  count: number;
}

/** A run that can't start as asked: a bad `--shard`, or a results file to resume that doesn't match. */
export class RunError extends Error {}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) throw new RunError(`--shard takes i/n with 1 <= i <= n, like 2/8 (got "${text}")`);
  return { index, count };
}

export function inShard(position: number, shard?: Shard): boolean {
  return shard === undefined || position % shard.count === shard.index - 1;
}

