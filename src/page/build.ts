/**
 * The quiz page: one self-contained HTML file with the questions, an input per
 * part, the sealed quiz as JSON and the bundled script. It loads nothing: the
 * CSP allows only its own inline script and styles and data: fonts.
 */
import MarkdownIt from 'markdown-it';
import { tex } from '@mdit/plugin-tex';
import { formatPoints } from '../analytics/order.ts';
import { katexStyles } from '../reporters/katex-styles.ts';
import { typeset } from '../reporters/math.ts';
import { htmlPage } from '../reporters/check.ts';
import { escapeHtml } from '../reporters/text-safety.ts';
import type { Quiz } from '../quiz/model.ts';
import { sealQuiz, type SealedPart, type SealedQuiz } from '../seal/quiz.ts';
import { answerFormat } from '../template/formats.ts';
import { inputKind } from './answers.ts';
import { bundlePageScript } from './bundle.ts';
import { PAGE_CSS } from './styles.ts';

export const PAGE_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; font-src data:; img-src data:";

export interface PageOptions {
  /** Exam mode: no key, no check button; the page collects answers. */
  exam?: boolean;
}

/** Prompt math, typeset when the page is built by the same KaTeX as the check view; TeX it rejects is shown as written. */
function promptMath(content: string, display: boolean): string {
  const html = typeset(display ? `\\displaystyle ${content}` : content) ?? `<code>${escapeHtml(content)}</code>`;
  return display ? `<div class="display-math">${html}</div>` : html;
}

// Raw HTML in prompts is shown as text, never markup.
const markdown = new MarkdownIt({ html: false, linkify: false }).use(tex, { render: promptMath });

function pointsText(points: number): string {
  return `${formatPoints(points)} ${points === 1 ? 'point' : 'points'}`;
}

function partLabel(part: SealedPart): string {
  const name = part.part === null ? 'Answer' : part.part;
  return part.title === undefined ? name : `${name} · ${part.title}`;
}

function partHtml(part: SealedPart, index: number, definitions: Readonly<Record<string, string>>): string {
  const id = `part-${index}`;
  const kind = inputKind(part.answer.type);
  const data = `data-part="${escapeHtml(part.key)}" data-type="${escapeHtml(part.answer.type)}" data-kind="${kind}"`;
  const label = `${escapeHtml(partLabel(part))} <span class="points">(${pointsText(part.points)})</span>`;
  const preview = `<output class="preview" id="${id}-preview" for="${id}" aria-live="polite"></output>`;
  // What the grader reads, as the template says it (src/template/formats.ts); choices show their options instead.
  const format = `<span class="format" id="${id}-format">${escapeHtml(answerFormat(part.answer, definitions))}</span>`;
  const described = `aria-describedby="${id}-format ${id}-preview"`;
  switch (kind) {
    case 'choice': {
      const multiple = part.answer['multiple'] === true;
      const options = Object.entries((part.answer['options'] ?? {}) as Record<string, string>);
      const inputs = options.map(([value, text], o) =>
        `<label class="option"><input type="${multiple ? 'checkbox' : 'radio'}" name="${id}" id="${id}-${o}" value="${escapeHtml(value)}"> <span>${escapeHtml(text)}</span></label>`,
      );
      return `<fieldset class="part" ${data} data-multiple="${multiple}"><legend>${label}${multiple ? ' <span class="points">— choose all that apply</span>' : ''}</legend>${inputs.join('')}</fieldset>`;
    }
    case 'line':
      return `<div class="part" ${data}><label for="${id}">${label}</label>${format}<input type="text" id="${id}" autocomplete="off" autocapitalize="off" spellcheck="false" ${described}>${preview}</div>`;
    case 'steps':
      return `<div class="part" ${data}><label for="${id}">${label}</label>${format}<textarea id="${id}" rows="5" autocomplete="off" autocapitalize="off" spellcheck="false" ${described}></textarea>${preview}</div>`;
    case 'text':
      return `<div class="part" ${data}><label for="${id}">${label}</label>${format}<textarea class="prose" id="${id}" rows="6" aria-describedby="${id}-format"></textarea></div>`;
  }
}

function bodyHtml(sealed: SealedQuiz): string {
  const body: string[] = [];
  const maxScore = sealed.questions.flatMap((question) => question.parts).reduce((sum, part) => sum + part.points, 0);
  body.push(`<header><h1>${escapeHtml(sealed.title ?? sealed.quiz)}</h1>`);
  if (sealed.description !== undefined) body.push(`<div class="prompt">${markdown.render(sealed.description)}</div>`);
  body.push(`<p class="mode">${pointsText(maxScore)}. ${sealed.checkable
    ? 'Your answers are kept in this browser as you type. <strong>Check</strong> grades them here, offline; <strong>Download</strong> saves the submission to hand in.'
    : 'Your answers are kept in this browser as you type. <strong>Download</strong> saves the submission to hand in; it is graded by your instructor.'}</p>`);
  body.push('<fieldset class="student"><legend>You</legend><label for="student-id">Student id</label><input type="text" id="student-id" required autocomplete="off"><label for="student-name">Name</label><input type="text" id="student-name" autocomplete="name"></fieldset></header>');
  let index = 0;
  for (const question of sealed.questions) {
    const points = question.parts.reduce((sum, part) => sum + part.points, 0);
    const title = question.title === undefined ? question.id : `${question.id} · ${question.title}`;
    body.push(`<section class="question" id="question-${escapeHtml(question.id)}"><h2><span>${escapeHtml(title)}</span><span class="points">${pointsText(points)}</span></h2>`);
    if (question.prompt !== undefined) body.push(`<div class="prompt">${markdown.render(question.prompt)}</div>`);
    for (const part of question.parts) body.push(partHtml(part, index++, sealed.definitions));
    body.push('</section>');
  }
  body.push(`<div class="actions">${sealed.checkable ? '<button type="button" id="check">Check my answers</button>' : ''}<button type="button" id="download" class="${sealed.checkable ? 'secondary' : ''}">Download submission.json</button><span id="status" role="status"></span></div>`);
  body.push('<section id="results" aria-label="Check results" hidden></section>');
  return body.join('\n');
}

/** JSON inside a <script> element: `<` escaped so no text in it can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The check view's page (src/reporters/check.ts) with this page's CSP: its own inline script may run. */
function withPageCsp(html: string): string {
  const csp = /<meta http-equiv="Content-Security-Policy" content="[^"]*">/;
  if (!csp.test(html)) throw new Error('the page template has no Content-Security-Policy to replace');
  return html.replace(csp, `<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">`);
}

export async function buildPage(quiz: Quiz, options: PageOptions = {}): Promise<string> {
  const sealed = sealQuiz(quiz, { exam: options.exam ?? false });
  const script = await bundlePageScript();
  const body = `${bodyHtml(sealed)}
<script type="application/json" id="quizgrade-data">${scriptJson(sealed)}</script>
<script>${script}</script>`;
  return withPageCsp(htmlPage(sealed.title ?? sealed.quiz, PAGE_CSS + katexStyles(), body));
}
