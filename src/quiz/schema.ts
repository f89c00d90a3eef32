/** JSON schemas of the quiz spec, compiled once with ajv. */
import { Ajv, type ValidateFunction } from 'ajv';
import type { AnyGrader } from '../grader.ts';

/** In a quiz folder, the file holding the quiz itself; every other YAML file is one question. */
export const QUIZ_FOLDER_ENTRY = 'quiz.yaml';

const ID = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$' };
const POINTS = { type: 'number', minimum: 0 };
/** What a question and a part both take (a question may instead hold `parts`). */
const ITEM_PROPERTIES = {
  id: ID,
  title: { type: 'string' },
  prompt: { type: 'string' },
  points: POINTS,
  answer: { $ref: '#/definitions/answer' },
};

export const QUIZ_SCHEMA = {
  $id: 'quizgrade:quiz',
  type: 'object',
  required: ['quiz', 'questions'],
  additionalProperties: false,
  properties: {
    quiz: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' },
    title: { type: 'string' },
    description: { type: 'string' },
    seed: { type: 'integer', minimum: 0 },
    timeout: { type: 'number', exclusiveMinimum: 0, maximum: 600 },
    definitions: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
    questions: { type: 'array', minItems: 1, items: { $ref: '#/definitions/question' } },
  },
  definitions: {
    answer: {
      type: 'object',
      required: ['type'],
      properties: { type: { type: 'string' } },
    },
    question: {
      type: 'object',
      required: ['id'],
      additionalProperties: false,
      properties: { ...ITEM_PROPERTIES, parts: { type: 'array', minItems: 1, items: { $ref: '#/definitions/part' } } },
    },
    part: {
      type: 'object',
      required: ['id', 'points', 'answer'],
      additionalProperties: false,
      properties: ITEM_PROPERTIES,
    },
  },
} as const;

/** Keys every answer takes, whatever its grader. */
export const COMMON_ANSWER_PROPERTIES = {
  type: { type: 'string' },
  feedback: { type: 'string' },
  reveal: { type: 'boolean' },
  timeout: { type: 'number', exclusiveMinimum: 0, maximum: 600 },
  mistakes: {
    type: 'array',
    items: {
      type: 'object',
      required: ['answer', 'credit'],
      additionalProperties: false,
      properties: {
        answer: { type: ['string', 'number', 'array'], items: { type: 'string' } },
        credit: { type: 'number', minimum: 0, maximum: 1 },
        feedback: { type: 'string' },
      },
    },
  },
} as const;

/** The spec validators' options: the bundles' precompiled copies (src/bundle/precompiled-ajv.ts) are built with the same. */
export const QUIZ_AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true } as const;

export const ajv = new Ajv(QUIZ_AJV_OPTIONS);

export const quizValidator: ValidateFunction = ajv.compile(QUIZ_SCHEMA);

/** A grader's full answer schema: its own options plus the common keys, nothing else. */
export function answerSchema(grader: AnyGrader): Record<string, unknown> {
  const own = grader.optionsSchema as { properties?: Record<string, unknown>; required?: string[] };
  return {
    ...grader.optionsSchema,
    type: 'object',
    required: ['type', ...(own.required ?? [])],
    additionalProperties: false,
    properties: { ...COMMON_ANSWER_PROPERTIES, ...own.properties },
  };
}

const answerValidators = new Map<AnyGrader, ValidateFunction>();

export function answerValidator(grader: AnyGrader): ValidateFunction {
  let validate = answerValidators.get(grader);
  if (!validate) {
    validate = ajv.compile(answerSchema(grader));
    answerValidators.set(grader, validate);
  }
  return validate;
}
