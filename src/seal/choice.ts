/**
 * choice: the correct option ids as salted hashes. The grader's own `grade`
 * runs on them through a set that answers `has` by hashing, so verdicts,
 * partial credit and feedback are the grader's. With `reveal`, a wrong answer
 * shows the correct options anyway, so they are carried in plain.
 */
import { choiceGrader, type ChoiceOptions, type CompiledChoice } from '../../graders/choice.ts';
import type { CommonAnswerOptions } from '../quiz/model.ts';
import { partSalt, saltedHash } from './hash.ts';
import type { PartSealer } from './types.ts';

type SealedChoice = { salt: string; hashes: string[] } | { correct: string[] };

/** The correct ids seen only through their hashes: membership and count, never the ids. */
class HashedSet {
  private readonly hashes: Set<string>;
  constructor(private readonly salt: string, hashes: string[]) {
    this.hashes = new Set(hashes);
  }
  has(id: string): boolean {
    return this.hashes.has(saltedHash(this.salt, id));
  }
  get size(): number {
    return this.hashes.size;
  }
  [Symbol.iterator](): Iterator<string> {
    // Only `reveal` lists the correct options, and a revealing part is carried in plain.
    throw new Error('a sealed choice key cannot be listed');
  }
}

export const choiceSealer: PartSealer = {
  sealing: 'hashed',
  publicOptions(options) {
    const { correct: _correct, mistakes: _mistakes, ...rest } = options as CommonAnswerOptions & ChoiceOptions;
    return rest;
  },
  seal(compiled, options, context): SealedChoice {
    const ids = [...(compiled as CompiledChoice).correct].sort();
    if (options.reveal === true) return { correct: ids };
    const salt = partSalt(context.quizId, context.key, context.seed);
    return { salt, hashes: ids.map((id) => saltedHash(salt, id)).sort() };
  },
  open(sealed, options, context) {
    const key = sealed as SealedChoice;
    // Compiled with no correct option: the lookup of ids and texts, checked as `grade` checked it.
    const shell = choiceGrader.compile({ ...(options as unknown as ChoiceOptions), correct: [] }, context);
    const correct = 'correct' in key ? new Set(key.correct) : (new HashedSet(key.salt, key.hashes) as unknown as Set<string>);
    return { ...shell, correct } satisfies CompiledChoice;
  },
};
