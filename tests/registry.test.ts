import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findGrader, graderNames, GRADERS } from '../graders/index.ts';
import { answerValidator } from '../src/quiz/schema.ts';

const gradersDir = fileURLToPath(new URL('../graders/', import.meta.url));

describe('the grader registry', () => {
  it('is sorted by name, without duplicates', () => {
    const names = GRADERS.map((grader) => grader.name);
    expect(names).toEqual([...new Set(names)].sort());
  });

  it('finds every grader by its name, and no other', () => {
    expect(graderNames()).toEqual(GRADERS.map((grader) => grader.name));
    for (const grader of GRADERS) expect(findGrader(grader.name)).toBe(grader);
    expect(findGrader('numerical')).toBeUndefined();
  });

  it('gives an expected-answer option to every grader but the ones that grade without one', () => {
    const withoutExpected = GRADERS.filter((grader) => grader.expectedKey === null).map((grader) => grader.name);
    expect(withoutExpected).toEqual(['derivation', 'rubric']);
  });

  describe.each(GRADERS.map((grader) => [grader.name, grader] as const))('%s', (name, grader) => {
    it('has a module and table-driven tests beside it', () => {
      expect(existsSync(`${gradersDir}${name}.ts`)).toBe(true);
      expect(existsSync(`${gradersDir}${name}.test.ts`)).toBe(true);
    });

    it('has a description and an options schema that compiles', () => {
      expect(grader.description.length).toBeGreaterThan(10);
      expect(() => answerValidator(grader)).not.toThrow();
    });

    it('rejects unknown options', () => {
      const validate = answerValidator(grader);
      expect(validate({ type: name, thisOptionDoesNotExist: 1 })).toBe(false);
      expect(validate.errors?.some((error) => error.keyword === 'additionalProperties')).toBe(true);
    });
  });

  const withExpected = GRADERS.flatMap((grader) => (grader.expectedKey === null ? [] : [[grader.name, grader, grader.expectedKey] as const]));
  it.each(withExpected)('%s declares its expected answer among its options', (_name, grader, expectedKey) => {
    const properties = (grader.optionsSchema as { properties?: Record<string, unknown> }).properties ?? {};
    expect(Object.keys(properties)).toContain(expectedKey);
  });
});
