import { distance } from 'fastest-levenshtein';

/**
 * The closest known name to a misspelt one, if it is close enough to be a
 * plausible typo (one edit for short names, two or a third of the letters for longer ones, never more than 3).
 */
export function closest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const folded = name.toLowerCase();
  for (const candidate of known) {
    const d = distance(folded, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = name.length <= 3 ? 1 : Math.min(3, Math.max(2, Math.floor(name.length / 3)));
  return bestDistance <= limit ? best : undefined;
}

/** ` (did you mean "x"?)` or nothing. */
export function didYouMean(name: string, known: Iterable<string>): string {
  const suggestion = closest(name, known);
  return suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
}

/** The known names, nearest to `name` first (edit distance, ignoring case; ties in their own order). */
export function nearestFirst(name: string, known: Iterable<string>): string[] {
  const folded = name.toLowerCase();
  return [...known]
    .map((candidate, index) => ({ candidate, index, d: distance(folded, candidate.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || a.index - b.index)
    .map((entry) => entry.candidate);
}
