/**
 * Compares the verdicts of two results.jsonl files of the same inputs, part by
 * part (status and score), and prints every difference; exit 1 when any.
 *
 *   node --import tsx bench/compare-verdicts.ts before/results.jsonl after/results.jsonl
 */
import { readResultsFile } from '../src/results/index.ts';
import type { SubmissionResult } from '../src/types.ts';

const [beforeFile, afterFile] = process.argv.slice(2);
if (beforeFile === undefined || afterFile === undefined) {
  console.error('usage: compare-verdicts.ts <before results.jsonl> <after results.jsonl>');
  process.exit(2);
}

const verdicts = (result: SubmissionResult): string[] =>
  [`${result.status} ${result.score}`, ...result.parts.map((part) => `${part.key} ${part.status} ${part.score}`)];

const before = await readResultsFile(beforeFile);
const after = await readResultsFile(afterFile);
let differences = 0;
let parts = 0;
if (before.length !== after.length) {
  console.log(`${before.length} results before, ${after.length} after`);
  differences++;
}
for (let i = 0; i < Math.min(before.length, after.length); i++) {
  const [was, now] = [verdicts(before[i]!), verdicts(after[i]!)];
  parts += now.length - 1;
  for (let j = 0; j < Math.max(was.length, now.length); j++) {
    if (was[j] === now[j]) continue;
    differences++;
    if (differences <= 20) console.log(`${after[i]!.source}: ${was[j] ?? '(none)'} -> ${now[j] ?? '(none)'}`);
  }
}
console.log(`${Math.min(before.length, after.length)} submissions, ${parts} parts compared: ${differences} differences`);
process.exit(differences === 0 ? 0 : 1);
