import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GRADERS, PLANNED_GRADER_TYPES } from '../graders/index.ts';
import { answerValidator } from '../src/quiz/schema.ts';

const gradersDir = fileURLToPath(new URL('../graders/', import.meta.url));

describe('the grader registry', () => {
  it('is sorted by name, without duplicates', () => {
    const names = GRADERS.map((grader) => grader.name);
    expect(names).toEqual([...new Set(names)].sort());
  });

  it('names no planned type that already has a grader', () => {
    for (const type of PLANNED_GRADER_TYPES) expect(GRADERS.map((grader) => grader.name)).not.toContain(type);
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

    it('declares its expected answer among its options', () => {
      const properties = (grader.optionsSchema as { properties?: Record<string, unknown> }).properties ?? {};
      if (grader.expectedKey !== null) expect(Object.keys(properties)).toContain(grader.expectedKey);
    });
  });
});
