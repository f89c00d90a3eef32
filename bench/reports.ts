/**
 * Time to build the class reports of a large synthetic class.
 * Run: node --import tsx bench/reports.ts [class size, default 100000]
 */
import { performance } from 'node:perf_hooks';
import { analyzeClass } from '../src/analytics/class-analysis.ts';
import { REPORT_FORMATS, REPORTERS } from '../src/reporters/index.ts';
import type { ClassReportInput } from '../src/reporters/types.ts';
import { syntheticClass, syntheticQuiz } from '../tests/reporters/synthetic-class.ts';

const DEFAULT_CLASS_SIZE = 100_000;
const size = Number(process.argv[2] ?? DEFAULT_CLASS_SIZE);

let start = performance.now();
const results = syntheticClass(size);
console.log(`built ${size} synthetic results in ${(performance.now() - start).toFixed(0)} ms`);

const quiz = syntheticQuiz();
start = performance.now();
analyzeClass({ results, quiz });
console.log(`analysis alone: ${(performance.now() - start).toFixed(0)} ms`);

// A fresh input so every reporter below shares one analysis, as writeClassReports does.
const input: ClassReportInput = { results, quiz };
let total = 0;
for (const format of REPORT_FORMATS) {
  const reporter = REPORTERS[format];
  start = performance.now();
  const output = reporter.kind === 'file' ? reporter.render(input) : reporter.render(input);
  const elapsed = performance.now() - start;
  total += elapsed;
  const bytes = typeof output === 'string' ? Buffer.byteLength(output) : output.reduce((sum, file) => sum + Buffer.byteLength(file.content), 0);
  const files = typeof output === 'string' ? 1 : output.length;
  console.log(`${format.padEnd(14)} ${elapsed.toFixed(0).padStart(6)} ms  ${(bytes / 1024).toFixed(0).padStart(8)} KiB  ${files} file${files === 1 ? '' : 's'}`);
}
console.log(`all reporters: ${total.toFixed(0)} ms`);
