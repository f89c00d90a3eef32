/** Growing the typed arrays that hold one number per row (class tables, the resubmission choice). */

export type GrowableArray = Float64Array | Uint32Array | Uint8Array;

/** `array`, or a copy at least twice as long when it holds fewer than `needed` items. */
export function grown<A extends GrowableArray>(array: A, needed: number): A {
  if (needed <= array.length) return array;
  const bigger = new (array.constructor as new (length: number) => A)(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}
