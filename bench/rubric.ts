/**
 * Free-text grading against the TA tables (fixtures/free-text/ta): in range,
 * over- and under-credit, reach (misses sent to review) and review load, for
 * the realistic class, the adversarial classes, and each class; then the cost
 * per answer, grading the tables' answers over and over.
 *
 *   npm run bench:rubric                 the figures and the cost
 *   npm run bench:rubric -- --misses     also list every answer out of its range
 *   npm run bench:rubric -- --wordnet    every rubric with `wordnet: true` (WordNet synonyms)
 *
 * Targets (issue 16): >= 90 % of adversarial answers in range or reviewed, no
 * unflagged over-credit, review load <= 40 % adversarial and <= 15 % realistic.
 * A missed target prints FAIL; the exit code stays 0 (a measurement, not a test).
 */
import { parseArgs } from 'node:util';
import { TARGET_MAX_LOAD_ADVERSARIAL, TARGET_MAX_LOAD_REALISTIC, TARGET_MIN_SAFE } from './rubric-targets.ts';
import { rubricGrader } from '../graders/rubric.ts';
import { figuresByClass, gradeTables, outOfRange, quizRubrics, taTables, withWordNet, type TableFigures } from './rubric-tables.ts';

/** Answers graded for the cost figure. */
const COST_ANSWERS = 200_000;

const percent = (value: number): string => `${(value * 100).toFixed(0)} %`;

function row(name: string, f: TableFigures): string {
  const cells = [
    name.padEnd(13),
    String(f.answers).padStart(4),
    `${f.inRange}`.padStart(8),
    `${f.overCredit}`.padStart(5),
    `${f.unflaggedOverCredit}`.padStart(9),
    `${f.underCredit}`.padStart(6),
    `${f.missesReviewed}/${f.overCredit + f.underCredit} ${percent(f.reach)}`.padStart(12),
    `${f.reviewed} ${percent(f.load)}`.padStart(9),
    percent(f.safe).padStart(6),
  ];
  return cells.join('  ');
}

const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');

function main(): void {
  const { values } = parseArgs({ options: { misses: { type: 'boolean', default: false }, wordnet: { type: 'boolean', default: false } } });
  const tables = taTables();
  const rubrics = values.wordnet ? withWordNet(quizRubrics()) : quizRubrics();
  const graded = gradeTables(tables, rubrics);
  const { realistic, adversarial, classes } = figuresByClass(graded);
  console.log(['class'.padEnd(13), 'n'.padStart(4), 'in range', 'over', 'unflagged', 'under', 'reach', 'load', 'safe'].join('  '));
  console.log(row('realistic', realistic));
  console.log(row('adversarial', adversarial));
  for (const [name, f] of classes) if (name !== 'realistic') console.log(row(`  ${name}`, f));
  console.log('');
  console.log(`${verdict(adversarial.safe >= TARGET_MIN_SAFE)} adversarial in range or reviewed ${percent(adversarial.safe)} (target >= ${percent(TARGET_MIN_SAFE)})`);
  const unflagged = adversarial.unflaggedOverCredit + realistic.unflaggedOverCredit;
  console.log(`${verdict(unflagged === 0)} unflagged over-credit: ${unflagged} (target 0)`);
  console.log(`${verdict(adversarial.load <= TARGET_MAX_LOAD_ADVERSARIAL)} adversarial review load ${percent(adversarial.load)} (target <= ${percent(TARGET_MAX_LOAD_ADVERSARIAL)})`);
  console.log(`${verdict(realistic.load <= TARGET_MAX_LOAD_REALISTIC)} realistic review load ${percent(realistic.load)} (target <= ${percent(TARGET_MAX_LOAD_REALISTIC)})`);
  if (values.misses) {
    console.log('');
    for (const answer of graded) {
      const inRange = outOfRange(answer) === null;
      if (inRange && !answer.review) continue;
      const mark = inRange ? 'review ' : answer.review ? 'MISS/r ' : 'MISS   ';
      console.log(`${mark} ${answer.key} ${answer.id} (${answer.class}): ${answer.score} vs [${answer.ta.join(', ')}] ${answer.reasons.join(', ')}${answer.confidence !== undefined ? ` conf ${answer.confidence}` : ''}`);
    }
  }
  // Cost: the tables' answers graded round-robin with each part's compiled rubric.
  const jobs = tables.flatMap((table) => {
    const rubric = rubrics.get(table.key)!;
    const compiled = rubricGrader.compile(rubric.options, { quizId: 'mock-quiz-2', definitions: {}, key: table.key, seed: 1 });
    return table.answers.map((answer) => ({ text: answer.answer, compiled, options: rubric.options }));
  });
  for (const job of jobs) rubricGrader.grade(job.text, job.compiled, job.options);
  const start = performance.now();
  for (let index = 0; index < COST_ANSWERS; index += 1) {
    const job = jobs[index % jobs.length]!;
    rubricGrader.grade(job.text, job.compiled, job.options);
  }
  const microseconds = ((performance.now() - start) * 1000) / COST_ANSWERS;
  console.log('');
  console.log(`cost: ${microseconds.toFixed(1)} µs per answer (${COST_ANSWERS.toLocaleString('en')} answers of the tables, one thread)`);
}

main();
