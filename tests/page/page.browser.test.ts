/**
 * The quiz page in a real headless Chromium, from file://: no request, no
 * console error; every class fixture typed in, checked, and compared part by
 * part with `grade`; the downloaded submission grades as the page showed.
 * Screenshots (empty, half-filled, checked) go to out/screenshots/.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeSubmission } from '../../src/core.ts';
import { inputKind } from '../../src/page/answers.ts';
import { buildPage, PAGE_CSP } from '../../src/page/build.ts';
import type { Part, Quiz } from '../../src/quiz/model.ts';
import type { AnswerValue, SubmissionResult } from '../../src/types.ts';
import { submissionTemplate, type SubmissionTemplate } from '../../src/template/index.ts';
import { ROOT } from '../support/cli.ts';
import { classFixtures, loadMockQuiz } from './class.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = path.join(ROOT, 'out/screenshots');
const PAGE_MAX_BYTES = 3 * 1024 * 1024;
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Skipping browser tests: ${CHROMIUM} is absent (apt-get install -y chromium).`);

interface Opened {
  page: Page;
  problems: string[];
}

/** The option ids a choice answer picks, as the grader reads it; null when it reads none. */
function picksOf(part: Part, answer: AnswerValue): string[] | null {
  const outcome = part.grader!.grade(answer, part.compiled, part.answer);
  return outcome.verdict === 'invalid' ? null : ((outcome.details?.['picked'] as string[] | undefined) ?? null);
}

/** What a student types for a fixture answer: a line, the steps one a line, or the options ticked. */
async function typeAnswer(page: Page, part: Part, answer: AnswerValue): Promise<void> {
  const field = page.locator(`[data-part="${part.key}"]`);
  if (inputKind(part.answer.type) === 'choice') {
    for (const id of picksOf(part, answer) ?? []) await field.locator(`input[value="${id}"]`).check();
    return;
  }
  const text = Array.isArray(answer) ? answer.join('\n') : String(answer);
  await field.locator('input, textarea').fill(text);
}

/** Each part's status and points as the page's check view shows them. */
async function shownParts(page: Page): Promise<{ key: string; status: string; points: string }[]> {
  const rows = page.locator('#results tr[data-key]');
  await expect.poll(() => rows.count()).toBeGreaterThan(0);
  return rows.evaluateAll((elements) =>
    elements.map((row) => ({
      key: row.getAttribute('data-key')!,
      status: row.getAttribute('data-status')!,
      points: row.querySelector('td.points')!.textContent!,
    })),
  );
}

function expectedRows(result: SubmissionResult) {
  const points = (value: number) => String(Math.round(value * 100) / 100);
  return result.parts.map((part) => ({ key: part.key, status: part.status, points: `${points(part.score)} / ${points(part.maxScore)}` }));
}

/** The download has the template's keys in its order, and each answer the shape of its template slot. */
function expectTemplateShape(downloaded: SubmissionTemplate, template: SubmissionTemplate): void {
  expect(Object.keys(downloaded)).toEqual(['quiz', 'student', 'answers']);
  expect(Object.keys(template).slice(0, 3)).toEqual(Object.keys(downloaded));
  for (const key of Object.keys(downloaded.student)) expect(template.student).toHaveProperty(key);
  for (const [key, value] of Object.entries(downloaded.answers)) expect(Array.isArray(value), key).toBe(Array.isArray(template.answers[key]));
}

describe.skipIf(!hasChromium)('quiz page in headless Chromium', () => {
  let browser: Browser;
  let dir: string;
  let quiz: Quiz;
  let url: string;
  let html: string;
  let template: SubmissionTemplate;

  beforeAll(async () => {
    quiz = await loadMockQuiz();
    template = submissionTemplate(quiz);
    html = await buildPage(quiz);
    dir = await mkdtemp(path.join(os.tmpdir(), 'quizgrade-page-'));
    const file = path.join(dir, 'quiz.html');
    await writeFile(file, html, 'utf8');
    url = pathToFileURL(file).href;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    await mkdir(SCREENSHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  async function open(target = url): Promise<Opened> {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (request) => {
      if (request.url() !== target && !request.url().startsWith('blob:')) problems.push(`request: ${request.url()}`);
    });
    await page.goto(target, { waitUntil: 'load' });
    await page.waitForSelector('html[data-ready="true"]');
    return { page, problems };
  }

  it('is one file under 3 MB with a CSP that allows no fetch, and makes no request', async () => {
    expect(Buffer.byteLength(html)).toBeLessThan(PAGE_MAX_BYTES);
    expect(html).toContain(`content="${PAGE_CSP}"`);
    expect(PAGE_CSP).toMatch(/^default-src 'none';/);
    const { page, problems } = await open();
    await page.evaluate(async () => document.fonts.ready);
    expect(problems).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'page-empty.png') });
    await page.context().close();
  });

  it('types every class fixture, checks, and shows each part as grade does; the download grades the same', async () => {
    const { page, problems } = await open();
    const elapsed: number[] = [];
    for (const { name, submission } of classFixtures()) {
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      await page.waitForSelector('html[data-ready="true"]');
      await page.fill('#student-id', submission.student.id);
      await page.fill('#student-name', submission.student.name ?? '');
      const typed: Record<string, AnswerValue> = {};
      for (const part of quiz.parts) {
        const answer = submission.answers[part.key] as AnswerValue | undefined;
        if (answer === undefined) continue;
        await typeAnswer(page, part, answer);
        typed[part.key] = answer;
      }
      await page.click('#check');
      const shown = await shownParts(page);

      const graded = gradeSubmission(quiz, submission);
      // Radio buttons can't hold an option that does not exist: such an answer is left blank.
      const blankChoices = new Set(quiz.parts.filter((part) => inputKind(part.answer.type) === 'choice' && typed[part.key] !== undefined && picksOf(part, typed[part.key]!) === null).map((part) => part.key));
      const expected = expectedRows(graded).map((row) => (blankChoices.has(row.key) ? { ...row, status: 'unanswered', points: row.points.replace(/^[\d.]+/, '0') } : row));
      expect(shown, name).toEqual(expected);
      expect(Number(await page.locator('#results').getAttribute('data-score')), name).toBe(graded.parts.filter((part) => !blankChoices.has(part.key)).reduce((sum, part) => sum + part.score, 0));

      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
      expect(download.suggestedFilename()).toBe('submission.json');
      const downloaded = JSON.parse(await readFile((await download.path())!, 'utf8')) as unknown;
      expect(expectedRows(gradeSubmission(quiz, downloaded)), name).toEqual(shown);
      expectTemplateShape(downloaded as SubmissionTemplate, template);
      expect(problems, name).toEqual([]);
      elapsed.push(Number(await page.locator('#results').getAttribute('data-elapsed-ms')));
    }
    await page.context().close();
    elapsed.sort((a, b) => a - b);
    console.info(`check in the page: median ${elapsed[elapsed.length >> 1]} ms, max ${elapsed[elapsed.length - 1]} ms over ${elapsed.length} submissions`);
  }, 240_000);

  it('previews the reading as it is typed, keeps the answers over a reload, and shows check\'s own message for an unreadable one', async () => {
    const { page, problems } = await open();
    await page.fill('#student-id', 's-preview');
    await page.fill('[data-part="q1.p1"] input', '1/(1+e^-x)');
    await page.fill('[data-part="q2.w_eff"] input', "W1' * w2 +");
    await page.fill('[data-part="q1.proof"] textarea', 'e^a1/(e^a1+e^a2)\n1/(1+e^(a2-a1))');
    await page.fill('[data-part="q4.layer1"] input', '200*6 + 1');
    await page.fill('[data-part="q2.b_eff"] input', "w2' * b1 + b2");
    await page.locator('[data-part="q6.entropy_use"] input[value="trees"]').check();
    const preview = (key: string) => page.locator(`[data-part="${key}"] output`);
    // Each answer says what it takes, as the template does; a matrix product is typeset too.
    for (const key of ['q1.p1', 'q1.proof', 'q2.w_eff', 'q3.sigmoid_range', 'q4.layer1', 'q7']) {
      expect(await page.locator(`[data-part="${key}"] .format`).textContent(), key).toBe(template.questions[key]!.format);
    }
    await expect.poll(() => preview('q2.b_eff').locator('.katex').count()).toBe(1);
    await expect.poll(() => preview('q1.p1').locator('.read-as').textContent()).toBe('read as ');
    expect(await preview('q1.p1').locator('code').textContent()).toBe('1/(1 + e^(-x))');
    expect(await preview('q1.p1').locator('.katex').count()).toBe(1);
    const check = gradeSubmission(quiz, { quiz: quiz.id, student: { id: 's' }, answers: { 'q2.w_eff': "W1' * w2 +" } });
    const message = check.parts.find((part) => part.key === 'q2.w_eff')!.feedback[0]!;
    await expect.poll(() => preview('q2.w_eff').locator('.invalid').textContent()).toBe(message);
    await expect.poll(() => preview('q1.proof').locator('.katex').count()).toBe(2);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'page-half-filled.png') });

    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    expect(await page.inputValue('#student-id')).toBe('s-preview');
    expect(await page.inputValue('[data-part="q1.p1"] input')).toBe('1/(1+e^-x)');
    expect(await page.inputValue('[data-part="q1.proof"] textarea')).toBe('e^a1/(e^a1+e^a2)\n1/(1+e^(a2-a1))');
    expect(await page.locator('[data-part="q6.entropy_use"] input[value="trees"]').isChecked()).toBe(true);
    expect(await preview('q4.layer1').locator('code').textContent()).toBe(gradeSubmission(quiz, { quiz: quiz.id, student: { id: 's' }, answers: { 'q4.layer1': '200*6 + 1' } }).parts.find((part) => part.key === 'q4.layer1')!.interpreted);
    await page.click('#check');
    await shownParts(page);
    await page.locator('#results').screenshot({ path: path.join(SCREENSHOTS, 'page-checked.png') });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('labels every input, and reaches them all with the keyboard', async () => {
    const { page } = await open();
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, textarea')].filter((field) => (field as HTMLInputElement).labels?.length === 0).map((field) => field.outerHTML),
    );
    expect(unlabelled).toEqual([]);
    await page.focus('#student-id');
    const reached = new Set<string>();
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press('Tab');
      const part = await page.evaluate(() => document.activeElement?.closest('[data-part]')?.getAttribute('data-part') ?? document.activeElement?.id ?? '');
      reached.add(part);
      if (part === 'check') break;
    }
    for (const part of quiz.parts) expect(reached, part.key).toContain(part.key);
    expect(reached).toContain('check');
    await page.context().close();
  });

  it('exam mode: no key and no check button; the answers are collected and downloaded as typed', async () => {
    const exam = await buildPage(quiz, { exam: true });
    const data = JSON.parse(/<script type="application\/json" id="quizgrade-data">(.*?)<\/script>/s.exec(exam)![1]!) as { checkable: boolean; questions: { parts: object[] }[] };
    expect(data.checkable).toBe(false);
    for (const part of data.questions.flatMap((question) => question.parts)) {
      expect(part).not.toHaveProperty('sealed');
      expect(part).not.toHaveProperty('mistakes');
    }
    const file = path.join(dir, 'exam.html');
    await writeFile(file, exam, 'utf8');
    const { page, problems } = await open(pathToFileURL(file).href);
    expect(await page.locator('#check').count()).toBe(0);
    await page.fill('#student-id', 's-exam');
    await page.fill('[data-part="q1.p1"] input', '1/(1+e^-x)');
    await page.fill('[data-part="q1.proof"] textarea', 'a\n\nb = c');
    await page.locator('[data-part="q10.hyper"] input[value="gamma"]').check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const downloaded = JSON.parse(await readFile((await download.path())!, 'utf8')) as unknown;
    expect(downloaded).toEqual({ quiz: quiz.id, student: { id: 's-exam' }, answers: { 'q1.p1': '1/(1+e^-x)', 'q1.proof': ['a', 'b = c'], 'q10.hyper': ['gamma'] } });
    expect(gradeSubmission(quiz, downloaded).status).toBe('graded');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('checks the submission with the precompiled schema validator: the same messages as grade', async () => {
    const { page, problems } = await open();
    const id = 'x'.repeat(201);
    await page.fill('#student-id', id);
    await page.click('#check');
    const errors = page.locator('#results .not-graded li');
    await expect.poll(() => errors.count()).toBeGreaterThan(0);
    const expected = gradeSubmission(quiz, { quiz: quiz.id, student: { id }, answers: {} });
    expect(expected.status).toBe('invalid');
    expect(await errors.allTextContents()).toEqual(expected.errors);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('asks for the student id before checking or downloading', async () => {
    const { page } = await open();
    await page.click('#check');
    expect(await page.locator('#status').textContent()).toBe('Enter your student id first.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('student-id');
    expect(await page.locator('#results tr').count()).toBe(0);
    await page.context().close();
  });
});
