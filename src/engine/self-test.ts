/**
 * The self-test `validate` runs: every part's reference answer must earn full
 * credit, and every anticipated mistake must earn less, through the same code
 * path students' answers take.
 */
import type { Diagnostic } from '../quiz/errors.ts';
import type { Part, Quiz } from '../quiz/model.ts';
import { gradePart } from '../core/grade.ts';

function at(part: Part, suffix: string, message: string): Diagnostic {
  const { file, line, column, path } = part.location;
  return { file, line, column, path: `${path}${suffix}`, message };
}

export function selfTest(quiz: Quiz): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const part of quiz.parts) {
    if (!part.grader || part.unavailable !== undefined) continue;
    const reference = part.grader.reference?.(part.compiled, part.answer);
    if (reference !== undefined) {
      const result = gradePart(part, reference);
      if (result.status !== 'correct') {
        const why = result.feedback.length > 0 ? `: ${result.feedback.join(' ')}` : '';
        problems.push(at(part, '', `the reference answer ${JSON.stringify(reference)} is graded ${result.status}, not correct${why}`));
      }
    }
    part.mistakes.forEach((mistake, index) => {
      const result = gradePart(part, mistake.answer);
      if (result.score >= part.points && part.points > 0) {
        problems.push(at(part, `.mistakes[${index}]`, `the mistake ${JSON.stringify(mistake.answer)} earns full credit: it is accepted as correct`));
      } else if (result.status === 'invalid' || result.status === 'error') {
        problems.push(at(part, `.mistakes[${index}]`, `the mistake ${JSON.stringify(mistake.answer)} is graded ${result.status}: ${result.feedback.join(' ')}`));
      } else if (result.mistake === undefined) {
        problems.push(at(part, `.mistakes[${index}]`, `the mistake ${JSON.stringify(mistake.answer)} is not recognized as itself (graded ${result.status} without its feedback)`));
      } else if (result.mistake !== index) {
        problems.push(at(part, `.mistakes[${index}]`, `the mistake ${JSON.stringify(mistake.answer)} is caught by mistakes[${result.mistake}] first`));
      }
    });
  }
  return problems;
}
