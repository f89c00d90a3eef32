/**
 * The TA tables of fixtures/free-text/ta (issue 16): every failure class has a
 * table, every answer is scored within its TA range or sent to review (known
 * misses say why in `limit`), and the contract of the bench holds.
 */
import { describe, expect, it } from 'vitest';
import {
  TARGET_MAX_LOAD_ADVERSARIAL,
  TARGET_MAX_LOAD_REALISTIC,
  TARGET_MIN_SAFE,
} from '../../bench/rubric-targets.ts';
import { ANSWER_CLASSES, figuresByClass, gradeTables, outOfRange, quizRubrics, taTables } from '../../bench/rubric-tables.ts';

/** Answers per class, over all the tables. */
const MIN_ANSWERS_PER_CLASS = 3;

const tables = taTables();
const graded = gradeTables(tables);

describe('TA tables of the free-text parts', () => {
  it('cover every rubric part of the quiz, with a range and a reason per answer', () => {
    expect(tables.map((table) => table.key).sort()).toEqual([...quizRubrics().keys()].sort());
    for (const table of tables) {
      for (const answer of table.answers) {
        expect(ANSWER_CLASSES, `${table.file} ${answer.id}`).toContain(answer.class);
        expect(answer.ta[0], `${table.file} ${answer.id}`).toBeLessThanOrEqual(answer.ta[1]);
        expect(answer.ta[1], `${table.file} ${answer.id}`).toBeLessThanOrEqual(table.points);
        expect(answer.reason.length, `${table.file} ${answer.id}`).toBeGreaterThan(0);
      }
    }
  });

  it.each(ANSWER_CLASSES)('have a table for the class %s', (name) => {
    expect(graded.filter((answer) => answer.class === name).length).toBeGreaterThanOrEqual(MIN_ANSWERS_PER_CLASS);
  });

  describe.each(ANSWER_CLASSES)('%s', (name) => {
    const members = graded.filter((answer) => answer.class === name);
    it.each(members.map((answer) => [`${answer.key} ${answer.id}`, answer] as const))('%s: in range or reviewed', (_, answer) => {
      const miss = outOfRange(answer);
      if (answer.limit !== undefined) {
        // A known miss stays a miss: when it is fixed, its `limit` goes.
        expect(miss !== null && !answer.review, answer.limit).toBe(true);
        expect(miss, 'a known miss is never over-credit').not.toBe('over');
        return;
      }
      expect(miss === null || answer.review, `${answer.score} vs [${answer.ta.join(', ')}], reasons ${answer.reasons.join(', ')}`).toBe(true);
    });
  });

  it('meet the contract: in range or reviewed, no unflagged over-credit, bounded review load', () => {
    const { realistic, adversarial } = figuresByClass(graded);
    expect(adversarial.safe).toBeGreaterThanOrEqual(TARGET_MIN_SAFE);
    expect(adversarial.unflaggedOverCredit + realistic.unflaggedOverCredit).toBe(0);
    expect(adversarial.load).toBeLessThanOrEqual(TARGET_MAX_LOAD_ADVERSARIAL);
    expect(realistic.load).toBeLessThanOrEqual(TARGET_MAX_LOAD_REALISTIC);
  });
});
