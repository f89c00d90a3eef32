/**
 * The graders remember short pieces of what students write (rubric text
 * chunks, words and their stems, derivation steps). A short piece cut from a
 * long answer must not keep that whole answer alive: V8 makes a slice of a long
 * string a view into it, so thousands of remembered pieces could pin thousands
 * of long answers and run a worker out of memory.
 */
import { describe, expect, it } from 'vitest';
import { STEPS_REMEMBERED, derivationGrader } from '../../graders/derivation.ts';
import { gradePart } from '../../src/core/grade.ts';
import type { Quiz } from '../../src/quiz/model.ts';
import { HOSTILE_TEST_TIMEOUT_MS, MEGABYTE, mockQuiz } from './support.ts';
import { collectGarbage } from '../support/heap.ts';

const quiz: Quiz = await mockQuiz();

/** Long distinct answers graded in each case; pinned, they would hold over 30 MB. */
const ANSWERS = 2_000;
/**
 * Heap the long answers may hold beyond what the same answers hold without their padding.
 * The memories' own size (a compiled step is several kilobytes) is in both measures, so
 * only pinned answers, some 30 to 40 MB, would show.
 */
const EXTRA_RETAINED_MAX_BYTES = 8 * MEGABYTE;

/** Heap still held after `work` ran and its own objects became garbage. */
function retainedBy(work: () => void): number {
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  work();
  collectGarbage();
  return process.memoryUsage().heapUsed - before;
}

/** What `work(padding)` retains with long padding, less what it retains with none. */
function extraRetainedBy(work: (padding: string, run: number) => void, padding: string): number {
  const short = retainedBy(() => work('', 0));
  const long = retainedBy(() => work(padding, 1));
  return long - short;
}

/** `i` in letters only (a word with a digit is not stemmed, so not remembered). */
const letters = (i: number): string => [...i.toString(26)].map((digit) => String.fromCharCode(97 + parseInt(digit, 26))).join('');

/** A text as JSON.parse gives it: one flat string, as a submission's answers are. */
const asParsed = (text: string): string => JSON.parse(JSON.stringify(text)) as string;

describe('remembered pieces of long answers', () => {
  it('rubric: remembered text chunks (and the words and stems the rubric keeps) do not keep their answers alive', () => {
    const part = quiz.parts.find((candidate) => candidate.key === 'q7')!;
    const extra = extraRetainedBy((filler, run) => {
      for (let i = run * ANSWERS; i < (run + 1) * ANSWERS; i++) {
        // A short chunk (remembered whole), then a distinct word inside a chunk too long to remember,
        // which the stem cache and the rubric's word memory still keep. Each run has words of its own.
        const answer = asParsed(`orthogonality${i}, ${filler} ${'x'.repeat(70)},orthogonal${letters(i)}ization`);
        expect(gradePart(part, answer).status).not.toBe('error');
      }
    }, 'vectors '.repeat(2_000));
    expect(extra).toBeLessThan(EXTRA_RETAINED_MAX_BYTES);
  }, HOSTILE_TEST_TIMEOUT_MS);

  it('derivation: remembered steps do not keep their answers alive', () => {
    const options = {
      from: 'exp(a1) / (exp(a1) + exp(a2))',
      to: 'sigmoid(a1 - a2)',
      variables: { a1: [-4, 4] as [number, number], a2: [-4, 4] as [number, number] },
    };
    const compile = () => derivationGrader.compile(options, { quizId: 'test', definitions: {}, key: 'q1.proof', seed: 1 });
    const memories: ReturnType<typeof compile>[] = [];
    const extra = extraRetainedBy((padding) => {
      const compiled = compile();
      memories.push(compiled);
      // Fewer than the memory holds, so none is dropped before the measure.
      for (let i = 0; i < STEPS_REMEMBERED - 1; i++) {
        const steps = [asParsed(`${padding}e^a1/(e^a1 + e^a2) + ${i} - ${i}${padding}`), 'sigmoid(a1 - a2)'];
        expect(derivationGrader.grade(steps, compiled, options).verdict).toBe('correct');
      }
    }, ' '.repeat(20_000));
    for (const compiled of memories) expect(compiled.steps.size).toBe(STEPS_REMEMBERED);
    expect(extra).toBeLessThan(EXTRA_RETAINED_MAX_BYTES);
  }, HOSTILE_TEST_TIMEOUT_MS);
});
