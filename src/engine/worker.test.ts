import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadQuiz } from '../spec/load.ts';
import type { SubmissionResult } from '../types.ts';
import { Grader } from './grade.ts';
import { expandInputs, readInputs } from './inputs.ts';
import { gradedRecord, leanResult, resultLine } from './worker.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

describe('the lines a worker writes', () => {
  let results: SubmissionResult[];

  beforeAll(async () => {
    const grader = new Grader(await loadQuiz(path.join(ROOT, 'questions/mock-quiz-2.yaml')));
    results = [];
    // Twice over: the second pass is served from the verdict cache, with the parts' JSON reused.
    for (let pass = 0; pass < 2; pass++) {
      for await (const record of readInputs(await expandInputs(['fixtures/class'], ROOT), ROOT, { parse: 'later' })) {
        results.push(grader.gradeRecord(record));
      }
    }
  });

  it('are JSON.stringify of the result, byte for byte, fresh or cached', () => {
    expect(results.length).toBeGreaterThan(20);
    for (const result of results) expect(resultLine(result)).toBe(JSON.stringify(result));
  });

  it('are not fooled by text that looks like the parts key', () => {
    const tricky = { ...results[1]!, student: { id: '"parts":[]', name: '],"parts":[]' }, errors: ['"parts":[]'] };
    expect(resultLine(tricky)).toBe(JSON.stringify(tricky));
  });

  it('hand on the result without the parts\u2019 details, and nothing else missing', () => {
    const withDetails = results.find((result) => result.parts.some((part) => part.details !== undefined))!;
    const { line, result } = gradedRecord(withDetails);
    expect(result.parts.every((part) => part.details === undefined)).toBe(true);
    const full = JSON.parse(line) as SubmissionResult;
    expect(full).toEqual(withDetails);
    expect(result).toEqual({ ...full, parts: full.parts.map(({ details: _details, ...part }) => part) });
    expect(leanResult(withDetails)).toEqual(result);
  });
});
