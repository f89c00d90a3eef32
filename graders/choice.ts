/**
 * choice: one option, or with `multiple: true` a set of options (select all
 * that apply). Students may answer with option ids or option texts, in any case.
 *
 * Partial credit for `multiple`: (right picks − wrong picks) / number of correct
 * options, floored at 0. Picking every option therefore earns nothing more than
 * the correct ones minus the wrong ones, so guessing "all" does not pay.
 */
import { defineGrader, invalid, OptionsError, type GradeOutcome } from '../src/grader.ts';
import type { AnswerValue } from '../src/types.ts';
import { didYouMean } from '../src/util/suggest.ts';

/** Longest answer text read; an option's text is far shorter. */
export const CHOICE_MAX_LENGTH = 2000;
/** Most picks read from one answer. */
export const CHOICE_MAX_PICKS = 200;

export interface ChoiceOptions {
  options: Record<string, string>;
  correct: string | string[];
  multiple?: boolean;
  reveal?: boolean;
}

export interface CompiledChoice {
  correct: Set<string>;
  /** Folded id or text -> option id. */
  lookup: Map<string, string>;
  ids: string[];
  /** The option texts the student saw, in id order: what an invalid pick is told to choose from. */
  texts: string[];
}

/** Characters of a text quoted in a message. */
const SHOWN_MAX = 60;

function shownText(text: string): string {
  return text.length > SHOWN_MAX ? `${text.slice(0, SHOWN_MAX)}…` : text;
}

/** Case, surrounding punctuation and runs of spaces don't distinguish options. */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').replace(/^[\s([{"'“]+|[\s)\]}"'”.:;]+$/g, '');
}

function correctIds(options: ChoiceOptions): string[] {
  return Array.isArray(options.correct) ? options.correct : [options.correct];
}

function splitOnAnd(piece: string, compiled: CompiledChoice): string[] {
  if (compiled.lookup.has(piece)) return [piece];
  const sides = piece.split(/\band\b/i).map(fold).filter(Boolean);
  return sides.length > 1 && sides.every((side) => compiled.lookup.has(side)) ? sides : [piece];
}

type Selection = { ok: true; ids: string[] } | { ok: false; message: string };

/** Reads the student's pick(s) as option ids. */
function readSelection(answer: AnswerValue, compiled: CompiledChoice, multiple: boolean): Selection {
  // Repeats of a pick are one pick: dedupe before the cap.
  const raw = [...new Set(Array.isArray(answer) ? answer : [String(answer)])];
  if (raw.length > CHOICE_MAX_PICKS) return { ok: false, message: `too many picks (${raw.length}; the limit is ${CHOICE_MAX_PICKS})` };
  const longest = Math.max(0, ...raw.map((entry) => entry.length));
  if (longest > CHOICE_MAX_LENGTH) return { ok: false, message: `the answer is too long (${longest} characters; the limit is ${CHOICE_MAX_LENGTH})` };
  const picks: string[] = [];
  for (const entry of raw) {
    const whole = compiled.lookup.get(fold(entry));
    if (whole !== undefined) {
      picks.push(whole);
      continue;
    }
    // "a, c" or "a; c": a list typed into one field. A piece that is no option may be
    // "a and c", split only when every side is an option ("Rock and Roll" stays whole).
    const parts = multiple ? entry.split(/[,;]/).map(fold).filter(Boolean).flatMap((piece) => splitOnAnd(piece, compiled)) : [fold(entry)];
    for (const part of parts) {
      const id = compiled.lookup.get(part);
      if (id === undefined) {
        const shown = shownText(part);
        const options = compiled.texts.map((text) => `"${shownText(text)}"`).join(', ');
        return { ok: false, message: `"${shown}" is not one of the options: ${options}${didYouMean(shown, [...compiled.texts, ...compiled.ids])}` };
      }
      picks.push(id);
    }
  }
  const ids = [...new Set(picks)].sort();
  if (ids.length === 0) return { ok: false, message: 'no option was chosen' };
  if (!multiple && ids.length > 1) return { ok: false, message: `choose one option, not ${ids.length} (${ids.join(', ')})` };
  return { ok: true, ids };
}

export const choiceGrader = defineGrader<ChoiceOptions, CompiledChoice>({
  name: 'choice',
  description: 'One option, or select-all-that-apply with right-minus-wrong partial credit.',
  answerShape: 'either',
  expectedKey: 'correct',
  optionsSchema: {
    type: 'object',
    required: ['options', 'correct'],
    properties: {
      options: { type: 'object', minProperties: 2, additionalProperties: { type: 'string', minLength: 1 } },
      correct: {
        anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true }],
      },
      multiple: { type: 'boolean' },
    },
  },
  compile(options) {
    const ids = Object.keys(options.options).sort();
    const lookup = new Map<string, string>();
    for (const id of ids) {
      for (const key of [fold(id), fold(options.options[id]!)]) {
        const other = lookup.get(key);
        if (other !== undefined && other !== id) {
          throw new OptionsError(`options "${other}" and "${id}" read the same ("${key}"); students could not tell them apart`, ['options', id]);
        }
        lookup.set(key, id);
      }
    }
    const correct = correctIds(options);
    if (!options.multiple && correct.length > 1) {
      throw new OptionsError('several correct options need `multiple: true`', ['correct']);
    }
    for (const id of correct) {
      if (!Object.hasOwn(options.options, id)) {
        throw new OptionsError(`"${id}" is not an option id${didYouMean(id, ids)}`, ['correct']);
      }
    }
    return { correct: new Set(correct), lookup, ids, texts: ids.map((id) => options.options[id]!) };
  },
  grade(answer, compiled, options): GradeOutcome {
    const multiple = options.multiple ?? false;
    const selection = readSelection(answer, compiled, multiple);
    if (!selection.ok) return invalid(selection.message);
    const picked = selection.ids;
    const interpreted = picked.map((id) => `${id} (${options.options[id]})`).join(', ');
    const right = picked.filter((id) => compiled.correct.has(id)).length;
    const wrong = picked.length - right;
    const credit = Math.max(0, (right - wrong) / compiled.correct.size);
    const verdict = credit === 1 ? 'correct' : credit > 0 ? 'partial' : 'incorrect';
    const feedback: string[] = [];
    if (multiple && verdict !== 'correct') {
      feedback.push(`${right} of ${compiled.correct.size} correct option(s) chosen, ${wrong} wrong one(s).`);
    }
    if (options.reveal && verdict !== 'correct') {
      feedback.push(`The correct answer: ${[...compiled.correct].sort().map((id) => options.options[id]).join('; ')}.`);
    }
    return { verdict, credit, feedback, interpreted, normalized: picked.join(','), method: 'options', details: { picked, right, wrong } };
  },
  reference(_compiled, options) {
    return correctIds(options);
  },
});
