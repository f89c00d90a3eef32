/**
 * The CAS is loaded only for quizzes that ask for proofs: `prepareQuiz` (which
 * `loadQuiz` calls) loads it, and a host that grades such a quiz unprepared
 * gets a loud grading error, never a verdict without its proof.
 */
import { describe, expect, it } from 'vitest';
import { compileQuiz, gradeSubmission, prepareQuiz } from '../../src/core.ts';

const SPEC = {
  quiz: 'cas',
  questions: [{ id: 'q1', points: 1, answer: { type: 'expression', expected: '1/(1+exp(-x))', variables: { x: [-4, 4] }, cas: true } }],
};
const SUBMISSION = { quiz: 'cas', student: { id: 's' }, answers: { q1: 'exp(x)/(exp(x)+1)' } };

describe('loading the CAS', () => {
  it('grades a proof-asking part as an error until the quiz is prepared, then proves it', async () => {
    const quiz = compileQuiz(SPEC);
    const unprepared = gradeSubmission(quiz, SUBMISSION).parts[0]!;
    expect(unprepared.status).toBe('error');
    expect(unprepared.feedback.join(' ')).toMatch(/CAS is not loaded/);
    const prepared = gradeSubmission(await prepareQuiz(quiz), SUBMISSION).parts[0]!;
    expect(prepared.status).toBe('correct');
    // The CAS was asked; on a busy machine its cooperative timeout may end the proof first.
    expect(['proved', 'timeout']).toContain(prepared.details?.cas);
    expect(prepared.method).toBe(prepared.details?.cas === 'proved' ? 'sampling+cas' : 'sampling');
  });
});
