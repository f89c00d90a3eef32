/**
 * The student's view of one graded submission (`quizgrade check`): per part a
 * mark, the points, the answer as the grader read it and the feedback; then the
 * total. Plain or coloured text, Markdown, or a self-contained HTML page.
 */
import { createColors } from 'picocolors';
import type { PartResult, SubmissionResult } from '../types.ts';
import { resolveLayout, type LayoutPart } from '../analytics/layout.ts';
import { answerValueText, foldWhitespace, formatPoints, readingIfDifferent } from '../analytics/order.ts';
import { PART_MARKS, type Mark } from './marks.ts';
import { expressionToTex, typeset } from './math.ts';
import type { QuizInfo } from './quiz-info.ts';
import { escapeHtml, markdownCell, markdownCode, terminalLine } from './text-safety.ts';

export type CheckFormat = 'text' | 'md' | 'html';

export interface CheckOptions {
  format: CheckFormat;
  /** Colours in text output (a TTY). Ignored by md and html. */
  color: boolean;
  quiz?: QuizInfo;
  /**
   * KaTeX's stylesheet, for an html view with typeset answers (src/reporters/katex-styles.ts
   * gives it in Node); absent when the page around the view already carries it, as the quiz page does.
   */
  mathStyles?: string;
}

/** Longest answer shown to the student, in characters. */
export const CHECK_ANSWER_MAX = 500;

/** Grader types whose answers are expressions worth typesetting. */
const TYPESET_TYPES: ReadonlySet<string> = new Set(['expression']);

interface PartView {
  result: PartResult;
  layout?: LayoutPart;
  mark: Mark;
  label: string;
  /** The answer exactly as submitted, folded; empty when unanswered. */
  submitted: string;
  /** How the grader read it, when that differs from what was submitted. */
  readAs?: string;
}

interface QuestionView {
  id: string;
  title?: string;
  score: number;
  maxScore: number;
  parts: PartView[];
}

interface CheckView {
  heading: string;
  student: string;
  result: SubmissionResult;
  questions: QuestionView[];
  maxScore: number;
  awaitingReview: number;
}

function buildView(result: SubmissionResult, quiz?: QuizInfo): CheckView {
  const layout = resolveLayout([result], quiz);
  const layoutByKey = new Map(layout.parts.map((part) => [part.key, part]));
  const questionTitles = new Map(layout.questions.map((question) => [question.id, question.title]));
  const questions: QuestionView[] = [];
  const byId = new Map<string, QuestionView>();
  // Parts in quiz order when known, else in the order the result lists them.
  const order = new Map(layout.parts.map((part, i) => [part.key, i]));
  const parts = [...result.parts].sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));
  for (const part of parts) {
    let question = byId.get(part.question);
    if (question === undefined) {
      const title = questionTitles.get(part.question);
      question = { id: part.question, ...(title === undefined ? {} : { title }), score: 0, maxScore: 0, parts: [] };
      byId.set(part.question, question);
      questions.push(question);
    }
    question.score += part.score;
    question.maxScore += part.maxScore;
    const partLayout = layoutByKey.get(part.key);
    const submitted = part.answer === undefined ? '' : foldWhitespace(answerValueText(part.answer), CHECK_ANSWER_MAX);
    const interpreted = part.interpreted === undefined ? undefined : foldWhitespace(part.interpreted, CHECK_ANSWER_MAX);
    const name = part.part ?? part.key;
    question.parts.push({
      result: part,
      ...(partLayout === undefined ? {} : { layout: partLayout }),
      mark: PART_MARKS[part.status],
      label: partLayout?.title === undefined || part.part === null ? name : `${name} · ${partLayout.title}`,
      submitted,
      ...(readingIfDifferent(submitted, interpreted) === undefined ? {} : { readAs: interpreted as string }),
    });
  }
  const name = result.student.name;
  return {
    heading: layout.title ?? result.quiz,
    student: name === undefined ? result.student.id : `${result.student.id} (${name})`,
    result,
    questions,
    maxScore: result.maxScore,
    awaitingReview: result.parts.filter((part) => part.status === 'needs-review').length,
  };
}

function points(score: number, max: number): string {
  return `${formatPoints(score)} / ${formatPoints(max)}`;
}

function reviewNote(count: number): string {
  return count === 1
    ? '1 part is waiting for review by the instructor; the total may change.'
    : `${count} parts are waiting for review by the instructor; the total may change.`;
}

function notGradedHeading(result: SubmissionResult): string {
  return result.status === 'invalid'
    ? 'This submission could not be read, so it was not graded:'
    : 'Grading this submission failed:';
}

// ---------------------------------------------------------------- text

function renderText(view: CheckView, color: boolean): string {
  const c = createColors(color);
  const tones: Record<Mark['tone'], (text: string) => string> = {
    good: c.green,
    partial: c.yellow,
    bad: c.red,
    invalid: c.magenta,
    review: c.cyan,
    missing: c.dim,
    error: (text) => c.bold(c.red(text)),
  };
  const lines: string[] = [c.bold(terminalLine(view.heading)), `Student: ${terminalLine(view.student)}`, ''];
  if (view.result.status !== 'graded') {
    lines.push(c.bold(c.red(notGradedHeading(view.result))));
    for (const error of view.result.errors) lines.push(`  - ${terminalLine(error)}`);
    lines.push('', `Total: not graded (out of ${formatPoints(view.maxScore)})`);
    return `${lines.join('\n')}\n`;
  }
  const markWidth = Math.max(...Object.values(PART_MARKS).map((mark) => mark.label.length + 2));
  const pointsWidth = Math.max(0, ...view.questions.flatMap((q) => q.parts.map((p) => points(p.result.score, p.result.maxScore).length)));
  const indent = ' '.repeat(4 + markWidth + 2 + pointsWidth + 2);
  for (const question of view.questions) {
    const title = question.title === undefined ? question.id : `${question.id}  ${question.title}`;
    lines.push(`${c.bold(terminalLine(title))}  ${c.dim(points(question.score, question.maxScore))}`);
    for (const part of question.parts) {
      const mark = `${part.mark.symbol} ${part.mark.label}`.padEnd(markWidth);
      const pts = points(part.result.score, part.result.maxScore).padStart(pointsWidth);
      lines.push(`    ${tones[part.mark.tone](mark)}  ${pts}  ${terminalLine(part.label)}`);
      if (part.submitted !== '') lines.push(`${indent}answer:  ${terminalLine(part.submitted)}`);
      if (part.readAs !== undefined) lines.push(`${indent}read as: ${terminalLine(part.readAs)}`);
      for (const message of part.result.feedback) lines.push(`${indent}${c.dim('›')} ${terminalLine(message)}`);
    }
    lines.push('');
  }
  lines.push(c.bold(`Total: ${points(view.result.score, view.maxScore)}`));
  if (view.awaitingReview > 0) lines.push(c.cyan(reviewNote(view.awaitingReview)));
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------- markdown

function renderMarkdown(view: CheckView): string {
  const lines: string[] = [`# ${markdownCell(view.heading)}`, '', `**Student:** ${markdownCell(view.student)}`, ''];
  if (view.result.status !== 'graded') {
    lines.push(`**${notGradedHeading(view.result)}**`, '');
    for (const error of view.result.errors) lines.push(`- ${markdownCell(error)}`);
    lines.push('', `**Total:** not graded (out of ${formatPoints(view.maxScore)})`, '');
    return lines.join('\n');
  }
  lines.push(`**Total:** ${points(view.result.score, view.maxScore)}`, '');
  if (view.awaitingReview > 0) lines.push(`> ${reviewNote(view.awaitingReview)}`, '');
  for (const question of view.questions) {
    const title = question.title === undefined ? question.id : `${question.id} · ${question.title}`;
    lines.push(`## ${markdownCell(title)} — ${points(question.score, question.maxScore)}`, '');
    lines.push('| Part | Mark | Points | Your answer | Read as | Feedback |', '| --- | --- | --- | --- | --- | --- |');
    for (const part of question.parts) {
      lines.push(
        `| ${markdownCell(part.label)} | ${part.mark.symbol} ${part.mark.label} | ${points(part.result.score, part.result.maxScore)} | ${markdownCode(part.submitted)} | ${part.readAs === undefined ? '' : markdownCode(part.readAs)} | ${part.result.feedback.map(markdownCell).join('<br>')} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- html

const CHECK_CSS = `
:root{--good:#1a7f37;--partial:#9a6700;--bad:#cf222e;--invalid:#8250df;--review:#0969da;--missing:#6e7781;--error:#a40e26;--line:#d0d7de;--soft:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2328;background:#fff}
main{max-width:960px;margin:0 auto;padding:24px}
h1{font-size:1.6rem;margin:0 0 4px}
h2{font-size:1.15rem;margin:28px 0 8px;display:flex;justify-content:space-between;gap:12px;border-bottom:1px solid var(--line);padding-bottom:4px}
.student{color:#57606a;margin:0}
.total{font-size:1.4rem;margin:12px 0}
.note{border-left:4px solid var(--review);background:#ddf4ff;padding:8px 12px}
.not-graded{border-left:4px solid var(--bad);background:#ffebe9;padding:8px 12px}
table{border-collapse:collapse;width:100%;table-layout:fixed}
col.c-part{width:22%}col.c-mark{width:15%}col.c-points{width:9%}col.c-answer{width:27%}col.c-feedback{width:27%}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{background:var(--soft);font-weight:600;font-size:.9rem}
td.points{white-space:nowrap;text-align:right;font-variant-numeric:tabular-nums}
.mark{display:inline-block;white-space:nowrap;font-weight:600;border-radius:12px;padding:0 8px;font-size:.9rem;border:1px solid currentColor}
.tone-good{color:var(--good)}.tone-partial{color:var(--partial)}.tone-bad{color:var(--bad)}.tone-invalid{color:var(--invalid)}.tone-review{color:var(--review)}.tone-missing{color:var(--missing)}.tone-error{color:var(--error)}
code{font:.9em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:1px 4px;border-radius:4px;word-break:break-word}
.read-as{display:block;color:#57606a;font-size:.9rem;margin-top:2px}
.math{display:block;margin-top:6px;font-size:1.15em}
ul.feedback{margin:0;padding-left:18px}
`;

function answerCell(part: PartView): { html: string; math: boolean } {
  if (part.submitted === '') return { html: '<span class="tone-missing">no answer</span>', math: false };
  const pieces = [`<code>${escapeHtml(part.submitted)}</code>`];
  if (part.readAs !== undefined) pieces.push(`<span class="read-as">read as <code>${escapeHtml(part.readAs)}</code></span>`);
  const latex = part.result.details?.['latex'];
  const tex =
    typeof latex === 'string'
      ? latex
      : part.layout?.type !== undefined && TYPESET_TYPES.has(part.layout.type) && part.result.status !== 'invalid'
        ? expressionToTex(part.result.interpreted ?? part.submitted)
        : null;
  const rendered = tex === null ? null : typeset(`\\displaystyle ${tex}`);
  if (rendered !== null) pieces.push(`<span class="math">${rendered}</span>`);
  return { html: pieces.join(''), math: rendered !== null };
}

function renderHtml(view: CheckView, mathStyles: string): string {
  const body: string[] = [];
  let usesMath = false;
  body.push(`<header><h1>${escapeHtml(view.heading)}</h1><p class="student">Student: ${escapeHtml(view.student)}</p>`);
  if (view.result.status !== 'graded') {
    body.push(`<p class="total">Total: not graded <small>(out of ${formatPoints(view.maxScore)})</small></p></header>`);
    body.push(`<section class="not-graded"><p><strong>${escapeHtml(notGradedHeading(view.result))}</strong></p><ul>`);
    for (const error of view.result.errors) body.push(`<li>${escapeHtml(error)}</li>`);
    body.push('</ul></section>');
  } else {
    body.push(`<p class="total">Total: <strong>${formatPoints(view.result.score)}</strong> / ${formatPoints(view.maxScore)}</p></header>`);
    if (view.awaitingReview > 0) body.push(`<p class="note">${escapeHtml(reviewNote(view.awaitingReview))}</p>`);
    for (const question of view.questions) {
      const title = question.title === undefined ? question.id : `${question.id} · ${question.title}`;
      body.push(`<section><h2><span>${escapeHtml(title)}</span><span>${points(question.score, question.maxScore)}</span></h2>`);
      body.push('<table><colgroup><col class="c-part"><col class="c-mark"><col class="c-points"><col class="c-answer"><col class="c-feedback"></colgroup><thead><tr><th>Part</th><th>Mark</th><th>Points</th><th>Your answer</th><th>Feedback</th></tr></thead><tbody>');
      for (const part of question.parts) {
        const answer = answerCell(part);
        usesMath ||= answer.math;
        const feedback =
          part.result.feedback.length === 0
            ? ''
            : `<ul class="feedback">${part.result.feedback.map((message) => `<li>${escapeHtml(message)}</li>`).join('')}</ul>`;
        body.push(
          `<tr data-key="${escapeHtml(part.result.key)}" data-status="${part.result.status}"><td>${escapeHtml(part.label)}</td><td><span class="mark tone-${part.mark.tone}">${part.mark.symbol} ${part.mark.label}</span></td><td class="points">${points(part.result.score, part.result.maxScore)}</td><td>${answer.html}</td><td>${feedback}</td></tr>`,
        );
      }
      body.push('</tbody></table></section>');
    }
  }
  return htmlPage(`${view.heading} — ${view.student}`, CHECK_CSS + (usesMath ? mathStyles : ''), body.join('\n'));
}

/** A complete page that may load nothing: the CSP forbids every fetch but inline styles and data: fonts. */
export function htmlPage(title: string, css: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export function renderCheck(result: SubmissionResult, options: CheckOptions): string {
  const view = buildView(result, options.quiz);
  switch (options.format) {
    case 'text':
      return renderText(view, options.color);
    case 'md':
      return renderMarkdown(view);
    case 'html':
      return renderHtml(view, options.mathStyles ?? '');
  }
}
