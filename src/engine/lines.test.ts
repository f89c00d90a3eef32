import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadQuiz } from '../quiz/load.ts';
import type { Quiz } from '../quiz/model.ts';
import type { SubmissionResult } from '../types.ts';
import { Grader } from './grade.ts';
import { expandInputs, readInputs, type InputRecord } from './inputs.ts';
import { LineGrader, assembleLine, chunkOf, gradedRecord, leanResult, mergeChunks, recordsOf } from './lines.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

describe('grading into results.jsonl lines', () => {
  let quiz: Quiz;
  let records: InputRecord[];

  beforeAll(async () => {
    quiz = await loadQuiz(path.join(ROOT, 'questions/mock-quiz-2.yaml'));
    records = [];
    for await (const record of readInputs(await expandInputs(['fixtures/class', 'fixtures/broken'], ROOT), ROOT, { parse: 'later' })) records.push(record);
    records.push({ source: 'x.jsonl:1', position: records.length, text: '{"quiz": ' });
    records.push({ source: 'x.jsonl:2', position: records.length, text: JSON.stringify({ quiz: 'mock-quiz-2', student: { id: '"parts":[]', name: '],"parts":[]' }, answers: { 'q1.p1': '"parts":[]' } }) });
  });

  it('gives, fresh and from the cache, JSON.stringify of what the object grader gives, and its lean copy', () => {
    expect(records.length).toBeGreaterThan(20);
    const lines = new LineGrader(quiz);
    const objects = new Grader(quiz);
    // Twice over: the second pass is served from the verdict caches.
    for (let pass = 0; pass < 2; pass++) {
      for (const record of records) {
        const expected = objects.gradeRecord(record);
        const { line, result } = lines.gradeRecord(record);
        expect(line).toBe(JSON.stringify(expected));
        expect(result).toEqual(leanResult(expected));
      }
    }
    expect(records.some((record) => objects.gradeRecord(record).status === 'invalid')).toBe(true);
  });

  it('leaves out only the parts\u2019 details from the lean copy', () => {
    const withDetails = records.map((record) => new Grader(quiz).gradeRecord(record)).find((result) => result.parts.some((part) => part.details !== undefined))!;
    const { line, result } = gradedRecord(withDetails);
    expect(JSON.parse(line)).toEqual(withDetails);
    expect(result.parts.every((part) => part.details === undefined)).toBe(true);
    expect(result).toEqual({ ...withDetails, parts: withDetails.parts.map(({ details: _details, ...part }) => part) });
  });

  it('assembles a line from its parts\u2019 JSON, not fooled by text that looks like the parts key', () => {
    const result: SubmissionResult = {
      quiz: 'q', student: { id: '"parts":[]', name: '],"parts":[' }, status: 'graded', score: 1, maxScore: 2,
      parts: [{ key: 'a', question: 'a', part: null, score: 1, maxScore: 2, status: 'partial', feedback: ['"parts":[]'] }],
      errors: [], source: 's', position: 0,
    };
    expect(assembleLine(result, result.parts.map((part) => JSON.stringify(part)))).toBe(JSON.stringify(result));
    expect(assembleLine({ ...result, parts: [] }, [])).toBe(JSON.stringify({ ...result, parts: [] }));
  });

  it('carries lines as UTF-8 bytes, one newline each, through chunks and merged chunks', () => {
    const lines = new LineGrader(quiz);
    const graded = records.map((record) => lines.gradeRecord(record));
    graded.push(gradedRecord({ quiz: 'q', student: { id: 'ünïcödé ✓ 😀' }, status: 'invalid', score: 0, maxScore: 1, parts: [], errors: ['ŷ − y'] }));
    const merged = mergeChunks([chunkOf(graded.slice(0, 5)), chunkOf([]), chunkOf(graded.slice(5))]);
    const back = [...recordsOf(merged)];
    expect(back.map(({ line }) => Buffer.from(line).toString('utf8'))).toEqual(graded.map(({ line }) => `${line}\n`));
    expect(back.map(({ result }) => result)).toEqual(graded.map(({ result }) => result));
  });
});
