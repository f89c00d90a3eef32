/** Loading a quiz for commands that accept a sealed quiz (`check`, `template`) as well as a spec. */
import { readFile } from 'node:fs/promises';
import { parseJson } from '../core/json.ts';
import { loadQuiz } from '../quiz/load.ts';
import type { Quiz } from '../quiz/model.ts';
import { openSealedQuiz, SealedQuizError } from './quiz.ts';

/** A sealed quiz is JSON (`quizgrade seal` writes *.sealed.json); a spec is YAML. */
export function isSealedQuizPath(file: string): boolean {
  return file.toLowerCase().endsWith('.json');
}

export async function loadSealedQuiz(file: string): Promise<Quiz> {
  const parsed = parseJson(await readFile(file, 'utf8'));
  if (!parsed.ok) throw new SealedQuizError(`${file}: not JSON: ${parsed.message}`);
  return openSealedQuiz(parsed.value, file);
}

/** The quiz of a spec file or folder, or of a sealed quiz. */
export async function loadQuizOrSealed(file: string): Promise<Quiz> {
  return isSealedQuizPath(file) ? loadSealedQuiz(file) : loadQuiz(file);
}
