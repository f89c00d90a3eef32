/// <reference lib="dom.iterable" />
/**
 * The quiz page's script: restores and saves the answers as they are typed,
 * previews each answer as its grader reads it, checks the answers with the
 * grading core against the sealed key, and downloads the submission.
 */
import { gradeSubmission } from '../core.ts';
import type { Part, Quiz } from '../quiz/model.ts';
import { renderCheck } from '../reporters/check.ts';
import { expressionToTex, typeset } from '../reporters/math.ts';
import { quizInfo } from '../reporters/quiz-info.ts';
import { openSealedQuiz, type SealedQuiz } from '../seal/quiz.ts';
import type { AnswerValue } from '../types.ts';
import { stepsOf, storageKey, submissionOf, type InputKind, type StoredAnswers } from './answers.ts';

/** Quiet time after a keystroke before the preview is read again. */
const PREVIEW_DELAY_MS = 120;

const sealed = JSON.parse(document.getElementById('quizgrade-data')!.textContent!) as SealedQuiz;
const quiz: Quiz = openSealedQuiz(sealed, 'quiz page');
const partsByKey = new Map(quiz.parts.map((part) => [part.key, part]));
const partElements = [...document.querySelectorAll<HTMLElement>('[data-part]')];
const studentId = document.getElementById('student-id') as HTMLInputElement;
const studentName = document.getElementById('student-name') as HTMLInputElement;
const status = document.getElementById('status')!;
const results = document.getElementById('results')!;

function kindOf(element: HTMLElement): InputKind {
  return element.dataset['kind'] as InputKind;
}

function fieldOf(element: HTMLElement): HTMLInputElement | HTMLTextAreaElement {
  return element.querySelector('input, textarea') as HTMLInputElement | HTMLTextAreaElement;
}

function valueOf(element: HTMLElement): string | string[] {
  if (kindOf(element) === 'choice') {
    return [...element.querySelectorAll<HTMLInputElement>('input:checked')].map((input) => input.value);
  }
  return fieldOf(element).value;
}

function setValue(element: HTMLElement, value: string | string[]): void {
  if (kindOf(element) === 'choice') {
    const picked = new Set(Array.isArray(value) ? value : [value]);
    for (const input of element.querySelectorAll<HTMLInputElement>('input')) input.checked = picked.has(input.value);
  } else {
    fieldOf(element).value = Array.isArray(value) ? value.join('\n') : value;
  }
}

function stored(): StoredAnswers {
  const answers: StoredAnswers['answers'] = {};
  for (const element of partElements) answers[element.dataset['part']!] = valueOf(element);
  return { student: { id: studentId.value, name: studentName.value }, answers };
}

function save(): void {
  try {
    localStorage.setItem(storageKey(quiz.id), JSON.stringify(stored()));
  } catch {
    status.textContent = 'Your browser does not keep answers for this page: download your submission before closing it.';
  }
}

function restore(): void {
  let saved: StoredAnswers | undefined;
  try {
    saved = JSON.parse(localStorage.getItem(storageKey(quiz.id)) ?? 'null') as StoredAnswers | undefined;
  } catch {
    saved = undefined;
  }
  if (!saved || typeof saved !== 'object') return;
  studentId.value = String(saved.student?.id ?? '');
  studentName.value = String(saved.student?.name ?? '');
  for (const element of partElements) {
    const value = saved.answers?.[element.dataset['part']!];
    if (typeof value === 'string' || Array.isArray(value)) setValue(element, value);
  }
}

function submission() {
  const multiple = new Set(partElements.filter((element) => element.dataset['multiple'] === 'true').map((element) => element.dataset['part']!));
  const steps = new Set(partElements.filter((element) => kindOf(element) === 'steps').map((element) => element.dataset['part']!));
  return submissionOf(quiz.id, stored(), multiple, steps);
}

// ---------------------------------------------------------------- preview

/** Matrix products are read back with `·`, which the math parser does not take: typeset as `*`. */
const READ_PRODUCT = /·/g;

function mathHtml(expression: string): string | null {
  const tex = expressionToTex(expression.replace(READ_PRODUCT, '*'));
  return tex === null ? null : typeset(`\\displaystyle ${tex}`);
}

/** The grader's reading of one answer: how it was read, or why it can't be. Only the reading, never the verdict. */
function reading(part: Part, answer: AnswerValue): { read?: string; invalid?: string } {
  if (part.grader === undefined || part.compiled === undefined) return {};
  try {
    const outcome = part.grader.grade(answer, part.compiled, part.answer, 'verdict');
    if (outcome.verdict === 'invalid') return { invalid: outcome.feedback[0] ?? 'this answer cannot be read' };
    return outcome.interpreted === undefined ? {} : { read: outcome.interpreted };
  } catch {
    return {};
  }
}

function previewLine(read: { read?: string; invalid?: string }, text: string, typesetAs: boolean): HTMLElement {
  const line = document.createElement('div');
  if (read.invalid !== undefined) {
    line.className = 'invalid';
    line.textContent = read.invalid;
    return line;
  }
  const shown = read.read ?? text;
  const label = document.createElement('span');
  label.className = 'read-as';
  label.textContent = read.read === undefined ? 'preview: ' : 'read as ';
  const code = document.createElement('code');
  code.textContent = shown;
  line.append(label, code);
  const rendered = typesetAs ? mathHtml(shown) : null;
  if (rendered !== null) {
    const math = document.createElement('span');
    math.className = 'math';
    math.innerHTML = rendered; // KaTeX's own HTML: it escapes every symbol it prints.
    line.append(math);
  }
  return line;
}

/** Separator of the steps in a derivation's reading (`a = b = c`). */
const STEP_SEPARATOR = ' = ';

function preview(element: HTMLElement): void {
  const output = element.querySelector('output');
  if (output === null) return;
  const part = partsByKey.get(element.dataset['part']!);
  const text = fieldOf(element).value;
  const mathy = element.dataset['type'] === 'expression' || element.dataset['type'] === 'derivation';
  output.replaceChildren();
  if (text.trim() === '') return;
  if (kindOf(element) !== 'steps') {
    output.append(previewLine(part === undefined ? {} : reading(part, text), text, mathy));
    return;
  }
  const steps = stepsOf(text);
  const whole = part === undefined ? {} : reading(part, steps);
  // A line may hold several steps (`a = b`): the grader's reading lists each.
  const readSteps = whole.read?.split(STEP_SEPARATOR);
  if (readSteps !== undefined) for (const step of readSteps) output.append(previewLine({ read: step }, step, mathy));
  else for (const step of steps) output.append(previewLine({}, step, mathy));
  if (whole.invalid !== undefined) output.append(previewLine(whole, '', false));
}

const timers = new WeakMap<HTMLElement, ReturnType<typeof setTimeout>>();
function schedulePreview(element: HTMLElement): void {
  clearTimeout(timers.get(element));
  timers.set(element, setTimeout(() => preview(element), PREVIEW_DELAY_MS));
}

// ---------------------------------------------------------------- check and download

function needsStudentId(): boolean {
  if (studentId.value.trim() !== '') return false;
  status.textContent = 'Enter your student id first.';
  studentId.focus();
  return true;
}

function check(): void {
  if (needsStudentId()) return;
  const started = performance.now();
  const result = gradeSubmission(quiz, submission());
  const html = renderCheck(result, { format: 'html', color: false, quiz: quizInfo(quiz) });
  const elapsed = performance.now() - started;
  const view = new DOMParser().parseFromString(html, 'text/html');
  // The check view brings its own stylesheet: a shadow root keeps it to the results.
  const root = results.shadowRoot ?? results.attachShadow({ mode: 'open' });
  // The page's own stylesheet (KaTeX's with it) first, the view's after it, so the view's rules win.
  const styles = [...document.head.querySelectorAll('style'), ...view.querySelectorAll('style')].map((style) => style.textContent ?? '').join('\n');
  const style = document.createElement('style');
  style.textContent = styles;
  root.replaceChildren(style, ...view.body.childNodes);
  results.dataset['score'] = String(result.score);
  results.dataset['elapsedMs'] = elapsed.toFixed(1);
  results.hidden = false;
  status.textContent = `Checked: ${result.score} / ${result.maxScore} points (in ${Math.round(elapsed)} ms).`;
  results.scrollIntoView({ block: 'start' });
}

function download(): void {
  if (needsStudentId()) return;
  const blob = new Blob([`${JSON.stringify(submission(), null, 2)}\n`], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = 'submission.json';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
  status.textContent = 'Saved submission.json: hand it in as your instructor asks.';
}

restore();
for (const element of partElements) {
  preview(element);
  element.addEventListener('input', () => {
    save();
    schedulePreview(element);
  });
}
for (const field of [studentId, studentName]) field.addEventListener('input', save);
document.getElementById('check')?.addEventListener('click', check);
document.getElementById('download')!.addEventListener('click', download);
document.documentElement.dataset['ready'] = 'true';
