/**
 * Free-text grading against the TA tables (fixtures/free-text/ta): in range,
 * over- and under-credit, reach (misses sent to review) and review load, for
 * the realistic class, the adversarial classes, and each class; then the cost
 * per answer, with the phrase prefilter and without (src/text/phrase.ts), on the
 * tables' answers and on the distinct rubric answers of a generated class.
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
import { rubricGrader, type RubricOptions } from '../graders/rubric.ts';
import { setPrefilter } from '../src/text/phrase.ts';
import { DEFAULT_SEED, generateClass, loadPlan } from './generate.ts';
import { figuresByClass, gradeTables, outOfRange, quizRubrics, taTables, withWordNet, type QuizRubric, type TableFigures } from './rubric-tables.ts';

/** Answers graded for the cost figure of the tables, half with the prefilter, half without. */
const COST_ANSWERS = 200_000;
/** Rounds the cost is measured in, alternating with and without the prefilter. */
const COST_ROUNDS = 20;
/** Size of the generated class whose distinct rubric answers are timed too. */
const COST_CLASS_SIZE = 10_000;

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

async function main(): Promise<void> {
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
  // Cost: the tables' answers, and the distinct rubric answers of a generated class, graded with and without the prefilter.
  const tableJobs = tables.flatMap((table) => {
    const rubric = rubrics.get(table.key)!;
    const compiled = rubricGrader.compile(rubric.options, { quizId: 'mock-quiz-2', definitions: {}, key: table.key, seed: 1 });
    return table.answers.map((answer) => ({ text: answer.answer, compiled, options: rubric.options }));
  });
  console.log('');
  console.log(`cost of the tables' answers: ${describeCost(pairedCost(tableJobs, COST_ANSWERS))}`);
  const classJobs = await classAnswers(rubrics);
  console.log(`cost of the ${classJobs.length.toLocaleString('en')} distinct rubric answers of a generated ${COST_CLASS_SIZE.toLocaleString('en')} class: ${describeCost(pairedCost(classJobs, classJobs.length * 4))}`);
}

interface Job {
  text: string;
  compiled: unknown;
  options: RubricOptions;
}

/** CPU microseconds per answer with the prefilter and without: the median of alternating rounds, so both see the same machine. */
function pairedCost(jobs: readonly Job[], answers: number): { on: number; off: number } {
  const grade = (job: Job) => rubricGrader.grade(job.text, job.compiled as never, job.options);
  jobs.forEach(grade);
  const perRound = Math.max(1, Math.floor(answers / COST_ROUNDS));
  const rounds = { on: [] as number[], off: [] as number[] };
  for (let round = 0; round < COST_ROUNDS; round += 1) {
    for (const mode of round % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
      setPrefilter(mode === 'on');
      const start = process.cpuUsage();
      for (let index = 0; index < perRound; index += 1) grade(jobs[(round * perRound + index) % jobs.length]!);
      const used = process.cpuUsage(start);
      rounds[mode].push((used.user + used.system) / perRound);
    }
  }
  setPrefilter(true);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
  return { on: median(rounds.on), off: median(rounds.off) };
}

function describeCost({ on, off }: { on: number; off: number }): string {
  return `${on.toFixed(1)} µs per answer with the prefilter, ${off.toFixed(1)} without (${percent(1 - on / off)} less; CPU time, one thread, median of ${COST_ROUNDS} alternating rounds)`;
}

/** The distinct (part, answer) pairs of the rubric parts in the bench generator's class. */
async function classAnswers(rubrics: ReadonlyMap<string, QuizRubric>): Promise<Job[]> {
  const compiled = new Map([...rubrics].map(([key, rubric]) => [key, rubricGrader.compile(rubric.options, { quizId: 'mock-quiz-2', definitions: {}, key, seed: 1 })]));
  const seen = new Set<string>();
  const jobs: Job[] = [];
  for (const submission of generateClass(await loadPlan(), { n: COST_CLASS_SIZE, seed: DEFAULT_SEED })) {
    for (const answer of submission.answers) {
      const rubric = rubrics.get(answer.key);
      if (rubric === undefined || typeof answer.value !== 'string' || seen.has(`${answer.key}\u0000${answer.value}`)) continue;
      seen.add(`${answer.key}\u0000${answer.value}`);
      jobs.push({ text: answer.value, compiled: compiled.get(answer.key), options: rubric.options });
    }
  }
  return jobs;
}

await main();
