/**
 * `quizgrade template`: the same file from the spec and from its sealed quiz;
 * once filled in, it grades exactly as the same answers in a plain submission;
 * it holds no key; hostile spec text in it stays inert; the empty id is named
 * plainly. Golden file: fixtures/golden/template.json.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GRADERS } from '../../graders/index.ts';
import { checkSubmission } from '../../src/core/submission.ts';
import { compileQuiz, gradeSubmission } from '../../src/core.ts';
import { submissionOf } from '../../src/page/answers.ts';
import type { Quiz } from '../../src/quiz/model.ts';
import { openSealedQuiz, sealQuiz } from '../../src/seal/quiz.ts';
import { DESCRIBED_TYPES } from '../../src/template/formats.ts';
import { inertJson, submissionTemplate, templateText, type SubmissionTemplate } from '../../src/template/index.ts';
import { expectGolden } from '../reporters/helpers.ts';
import { ROOT, run, tempDir } from '../support/cli.ts';
import { classFixtures, loadMockQuiz, SPEC } from '../page/class.ts';

const sealedOf = (quiz: Quiz): Quiz => openSealedQuiz(JSON.parse(JSON.stringify(sealQuiz(quiz))));

/** A template with a fixture's student and answers filled in, the rest left as the template has it. */
function filled(template: SubmissionTemplate, submission: { student: { id: string; name?: string }; answers: Record<string, unknown> }): SubmissionTemplate {
  const answers = { ...template.answers };
  for (const [key, value] of Object.entries(submission.answers)) answers[key] = value as SubmissionTemplate['answers'][string];
  return { ...template, student: { id: submission.student.id, name: submission.student.name ?? '' }, answers };
}

/** A result without what names its input: the same answers from two files. */
function graded(quiz: Quiz, submission: unknown) {
  const { student: _student, ...result } = gradeSubmission(quiz, submission);
  return result;
}

describe('template', () => {
  let quiz: Quiz;
  beforeAll(async () => {
    quiz = await loadMockQuiz();
  });

  it('is the golden file for the mock quiz, and the same bytes from the sealed quiz', () => {
    const text = templateText(quiz);
    expectGolden('template.json', text);
    expect(templateText(sealedOf(quiz))).toBe(text);
  });

  it('has a blank slot for every part, in the shape the page downloads, and beside each what a student reads', () => {
    const template = submissionTemplate(quiz);
    expect(Object.keys(template)).toEqual(['quiz', 'student', 'answers', 'questions']);
    expect(Object.keys(template.answers)).toEqual(quiz.parts.map((part) => part.key));
    expect(Object.keys(template.questions)).toEqual(Object.keys(template.answers));
    const entry = (key: string) => template.questions[key]!;
    expect(entry('q1.p1')).toMatchObject({ question: 'q1 · Sigmoid is a special case of softmax', part: 'p1 · P(class 1) in terms of x', points: 1, format: expect.stringMatching(/^an expression in x;/) });
    expect(entry('q1.p1').prompt![0]).toBe('A two-class classifier ends in a softmax over its logits $a_1, a_2$.');
    expect(entry('q2.w_eff').format).toMatch(/^an expression in W1 \(k x n\), w2 \(k x 1\)/);
    expect(entry('q3.tanh_via_sigmoid').format).toMatch(/using sigmoid; without tanh, exp/);
    expect(entry('q1.proof').format).toMatch(/^one step per line/);
    expect(entry('q6.entropy_use')).toMatchObject({ format: 'the id (or the text) of one of the options', options: { trees: 'Decision trees', kmeans: 'k-means clustering' } });
    expect(entry('q10.hyper').format).toMatch(/^a list of the ids/);
    expect(entry('q7')).not.toHaveProperty('part');
    // The page downloads steps and a choice of several options as lists, everything else as text.
    const lists = Object.entries(template.answers).filter(([, slot]) => Array.isArray(slot)).map(([key]) => key);
    expect(lists).toEqual(['q1.proof', 'q10.hyper']);
    const page = submissionOf(quiz.id, { student: { id: 's', name: 'n' }, answers: { 'q1.proof': 'a\nb', 'q10.hyper': ['gamma'], 'q6.entropy_use': ['trees'], 'q7': 'text' } }, new Set(['q10.hyper']), new Set(['q1.proof']));
    for (const [key, value] of Object.entries(page.answers)) expect(Array.isArray(value), key).toBe(Array.isArray(template.answers[key]));
    expect(Object.keys(page)).toEqual(Object.keys(template).slice(0, 3));
  });

  it('describes every grader', () => {
    expect([...DESCRIBED_TYPES].sort()).toEqual(GRADERS.map((grader) => grader.name).sort());
  });

  it('filled in, grades as the same answers in a plain submission, with the spec and with the sealed quiz', () => {
    const template = submissionTemplate(quiz);
    const sealed = sealedOf(quiz);
    const fixtures = classFixtures();
    expect(fixtures.length).toBeGreaterThan(10);
    for (const { name, submission } of fixtures) {
      const fromTemplate = filled(template, submission);
      expect(graded(quiz, fromTemplate), name).toEqual(graded(quiz, submission));
      expect(graded(sealed, fromTemplate), name).toEqual(graded(sealed, submission));
    }
  });

  it('blank, it grades every part as unanswered once the id is filled in', () => {
    const result = gradeSubmission(quiz, { ...submissionTemplate(quiz), student: { id: 's1', name: '' } });
    expect(result.status).toBe('graded');
    expect(new Set(result.parts.map((part) => part.status))).toEqual(new Set(['unanswered']));
  });

  it('names the empty id plainly, not as a schema rule', () => {
    const check = checkSubmission(submissionTemplate(quiz), quiz);
    expect(check).toEqual({ ok: false, errors: ['student.id: is empty: write your student id between the quotes of "id"'], student: { id: '', name: '' } });
  });

  it('holds no expected answer, mistake or rubric phrase of the sealed quiz', () => {
    const template = submissionTemplate(sealedOf(quiz));
    expect(Object.values(template.answers).every((slot) => slot === '' || (Array.isArray(slot) && slot.length === 0))).toBe(true);
    for (const part of quiz.parts) {
      const entry = template.questions[part.key]!;
      expect(Object.keys(entry).every((key) => ['question', 'prompt', 'part', 'points', 'format', 'options'].includes(key)), part.key).toBe(true);
      // What the student reads anyway (the question and the options) aside, nothing in the entry comes from the key.
      const own = JSON.stringify({ format: entry.format, points: entry.points });
      const answer = part.answer as Record<string, unknown>;
      const criteria = (answer['criteria'] ?? []) as { any?: string[]; contrary?: string[]; examples?: string[] }[];
      const keyTexts = [answer['expected'], answer['correct'], ...part.mistakes.map((mistake) => mistake.answer), ...criteria.flatMap((criterion) => [...(criterion.any ?? []), ...(criterion.contrary ?? []), ...(criterion.examples ?? [])])]
        .flat()
        .filter((text): text is string | number => text !== undefined)
        .map(String)
        .filter((text) => text.length >= 3);
      for (const text of keyTexts) expect(own, `${part.key}: ${text}`).not.toContain(text);
    }
  });
});

/** Terminal escapes, C1 controls, bidi overrides and markup in every text a template repeats. */
const HOSTILE = 'A\u001b[2J\u001b]0;owned\u0007 \u009b31m \u202eevil\u202c \u2066x\u2069 \u2028 </script><img src=x onerror=alert(1)> \u0000';
const HOSTILE_SPEC = {
  quiz: 'hostile-text',
  title: HOSTILE,
  questions: [
    { id: 'q1', title: HOSTILE, prompt: `${HOSTILE}\nsecond line ${HOSTILE}`, parts: [
      { id: 'pick', title: HOSTILE, points: 1, answer: { type: 'choice', options: { a: HOSTILE, b: `plain ${HOSTILE}` }, correct: 'a' } },
      { id: 'say', title: HOSTILE, points: 1, answer: { type: 'rubric', criteria: [{ id: 'c', points: 1, description: HOSTILE, any: ['sparse'] }] } },
    ] },
  ],
};
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const OBEYED = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** What the check view (src/reporters/) neutralizes: C0 and C1 controls. It shows bidi controls as they are. */
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('template of hostile spec text', () => {
  let dir: string;
  // Removed when this file ends (tests/support/temp.ts).
  beforeAll(async () => {
    dir = await tempDir('quizgrade-template-');
  });

  it('writes no character a terminal obeys, and reads back as the texts were written', () => {
    const quiz = compileQuiz(HOSTILE_SPEC);
    const text = templateText(quiz);
    expect(text).not.toMatch(OBEYED);
    const parsed = JSON.parse(text) as SubmissionTemplate;
    expect(parsed).toEqual(submissionTemplate(quiz));
    expect(parsed.questions['q1.pick']!.options!['a']).toBe(HOSTILE);
    expect(parsed.questions['q1.say']!.prompt).toEqual([HOSTILE, `second line ${HOSTILE}`]);
    expect(templateText(sealedOf(quiz))).toBe(text);
  });

  it('inertJson escapes only what it must: the rest stays readable', () => {
    expect(inertJson({ text: 'é ∞ σ "q" \u001b \u009b \u202e' })).toBe('{\n  "text": "é ∞ σ \\"q\\" \\u001b \\u009b \\u202e"\n}\n');
  });

  it('through the CLI: stdout is inert, and the filled file grades with check and grade as it is', async () => {
    // JSON is YAML: the spec as the tests wrote it, escapes and all.
    const yaml = path.join(dir, 'hostile.yaml');
    const sealedFile = path.join(dir, 'hostile.sealed.json');
    await writeFile(yaml, JSON.stringify(HOSTILE_SPEC), 'utf8');
    const printed = await run(['template', yaml]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).not.toMatch(OBEYED);
    expect((await run(['seal', yaml, '--out', sealedFile])).code).toBe(0);
    expect(await run(['template', sealedFile])).toEqual(printed);

    const template = JSON.parse(printed.stdout) as SubmissionTemplate;
    const answered = path.join(dir, 'answered.json');
    await writeFile(answered, JSON.stringify({ ...template, student: { id: 's1', name: '' }, answers: { ...template.answers, 'q1.pick': 'a', 'q1.say': 'It is sparse.' } }), 'utf8');
    const checked = await run(['check', yaml, answered, '--no-color']);
    expect(checked.code).toBe(0);
    expect(checked.stdout).not.toMatch(CONTROLS);
    expect(checked.stdout).toMatch(/Total: 2 \/ 2/);
    const out = path.join(dir, 'out');
    expect((await run(['grade', yaml, answered, '--out', out])).code).toBe(0);
    expect(await readFile(path.join(out, 'grades.csv'), 'utf8')).toMatch(/s1/);
  });

  it('the mock quiz\'s template file, filled in, checks as the plain submission does', async () => {
    const out = path.join(dir, 'template.json');
    expect((await run(['template', SPEC, '--out', out])).code).toBe(0);
    const fixture = 'fixtures/class/s004-sign-errors.json';
    const plain = JSON.parse(await readFile(path.join(ROOT, fixture), 'utf8')) as Parameters<typeof filled>[1];
    await writeFile(out, JSON.stringify(filled(JSON.parse(await readFile(out, 'utf8')) as SubmissionTemplate, plain)), 'utf8');
    expect(await run(['check', SPEC, out, '--no-color'])).toEqual(await run(['check', SPEC, fixture, '--no-color']));
  });
});
