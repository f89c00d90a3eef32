/**
 * The instructor's class report, as a self-contained HTML page (inline SVG
 * histogram, no script, no request) and as Markdown. Aggregates only: per-student
 * detail is limited to the capped lists of invalid submissions and review items.
 */
import { analysisOf, classOf } from '../analytics/cached.ts';
import {
  DISCRIMINATION_LOW,
  DISCRIMINATION_MIN_SUBMISSIONS,
  FACILITY_VERY_EASY,
  FACILITY_VERY_HARD,
  type ClassAnalysis,
  type HistogramBin,
  type ItemAnalysis,
  type ItemFlag,
  type WrongAnswerGroup,
} from '../analytics/class-analysis.ts';
import { formatNumber, formatPoints, formatStat } from '../analytics/order.ts';
import { UPPER_LOWER_SHARE } from '../analytics/stats.ts';
import { PART_STATUSES, type PartStatus } from '../types.ts';
import { htmlPage } from './check.ts';
import { PART_MARKS } from './marks.ts';
import type { ClassReportInput, FileReporter } from './types.ts';
import { escapeHtml, markdownCell, markdownCode } from './text-safety.ts';

export const FLAG_LABELS: Record<ItemFlag, string> = {
  'grading-errors': 'grading errors',
  'negative-discrimination': 'negative discrimination',
  'low-discrimination': 'low discrimination',
  'very-hard': 'very hard',
  'very-easy': 'very easy',
};

const FLAG_EXPLANATIONS: Record<ItemFlag, string> = {
  'grading-errors': 'the grader failed on some answers (scored 0 until reviewed): its statistics are not about the students; no other flag is given',
  'negative-discrimination': 'weaker students do better on it than stronger ones: check the key and the wording',
  'low-discrimination': `discrimination below ${DISCRIMINATION_LOW}: it barely separates stronger from weaker students`,
  'very-hard': `facility at most ${FACILITY_VERY_HARD}: almost nobody earned its points`,
  'very-easy': `facility at least ${FACILITY_VERY_EASY}: almost everybody earned its points`,
};

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** How many distinct wrong answers: exact, or "more than" the cap when the part had more. */
function distinctText(item: ItemAnalysis): string {
  return item.wrongAnswersCapped ? `more than ${item.wrongAnswersDistinct} distinct` : `${item.wrongAnswersDistinct} distinct`;
}

/** A group's student count: exact, or the range it lies in when the part's groups were capped. */
export function groupCount(group: WrongAnswerGroup): string {
  return group.countError === undefined ? String(group.count) : `${group.count - group.countError}–${group.count}`;
}

function groupShare(group: WrongAnswerGroup): string {
  return group.countError === undefined ? percent(group.share) : `≤ ${percent(group.share)}`;
}

function itemLabel(item: ItemAnalysis): string {
  return item.title === undefined ? item.key : `${item.key} · ${item.title}`;
}

function heading(analysis: ClassAnalysis): string {
  return analysis.title ?? analysis.quizId;
}

function binLabel(bin: HistogramBin): string {
  return `${formatStat(bin.from, 1)}–${formatStat(bin.to, 1)}`;
}

// ---------------------------------------------------------------- html

const REPORT_CSS = `
:root{--good:#1a7f37;--partial:#9a6700;--bad:#cf222e;--invalid:#8250df;--review:#0969da;--missing:#6e7781;--error:#a40e26;--line:#d0d7de;--soft:#f6f8fa;--bar:#54aeff;--accent:#0550ae}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2328;background:#fff}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:1.6rem;margin:0}
h2{font-size:1.2rem;margin:32px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:1rem;margin:18px 0 6px}
.sub{color:#57606a;margin:2px 0 16px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(130px,1fr));gap:10px;margin:12px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:8px 12px;background:var(--soft)}
.card .value{font-size:1.5rem;font-weight:600;font-variant-numeric:tabular-nums}
.card .name{color:#57606a;font-size:.85rem}
.overview{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:24px;align-items:start}
@media (max-width:900px){.overview{grid-template-columns:1fr}}
svg.histogram{width:100%;height:auto;max-width:680px}
svg .bar{fill:var(--bar)}
svg .axis{stroke:#8c959f;stroke-width:1}
svg text{font:12px system-ui,sans-serif;fill:#1f2328}
svg .count{font-weight:600;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
svg .marker{stroke-width:2;stroke-dasharray:5 3}
svg .mean{stroke:var(--bad)}svg .median{stroke:var(--good)}
table{border-collapse:collapse;width:100%;margin:4px 0 8px}
th,td{text-align:left;vertical-align:top;padding:5px 8px;border-bottom:1px solid var(--line)}
th{background:var(--soft);font-weight:600;font-size:.85rem;position:sticky;top:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.question td{background:#eef3f8;font-weight:600}
tr.flagged td.flags{color:var(--bad);font-weight:600}
.facility{display:inline-block;vertical-align:middle;width:60px;height:8px;background:#eaeef2;border-radius:4px;margin-left:6px;overflow:hidden}
.facility span{display:block;height:100%;background:var(--bar)}
.neg{color:var(--bad);font-weight:600}
code{font:.9em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:1px 4px;border-radius:4px;word-break:break-word}
.tone-good{color:var(--good)}.tone-partial{color:var(--partial)}.tone-bad{color:var(--bad)}.tone-invalid{color:var(--invalid)}.tone-review{color:var(--review)}.tone-missing{color:var(--missing)}.tone-error{color:var(--error)}
.legend{color:#57606a;font-size:.85rem}
.more{color:#57606a;font-style:italic}
details{margin:6px 0}
summary{cursor:pointer;font-weight:600}
`;

/** Histogram geometry, in SVG user units. */
const SVG_WIDTH = 640;
const SVG_HEIGHT = 240;
const SVG_MARGIN = { top: 24, right: 12, bottom: 44, left: 40 };

export function histogramSvg(analysis: ClassAnalysis): string {
  const bins = analysis.histogram;
  const plotWidth = SVG_WIDTH - SVG_MARGIN.left - SVG_MARGIN.right;
  const plotHeight = SVG_HEIGHT - SVG_MARGIN.top - SVG_MARGIN.bottom;
  const tallest = Math.max(1, ...bins.map((bin) => bin.count));
  const slot = plotWidth / bins.length;
  const baseline = SVG_MARGIN.top + plotHeight;
  const parts: string[] = [];
  const label = `Score distribution of ${analysis.scores.count} graded submissions: ${bins.map((bin) => `${binLabel(bin)}: ${bin.count}`).join(', ')}`;
  parts.push(
    `<svg class="histogram" viewBox="0 0 ${SVG_WIDTH} ${SVG_HEIGHT}" role="img" aria-label="${escapeHtml(label)}" xmlns="http://www.w3.org/2000/svg">`,
  );
  parts.push(`<line class="axis" x1="${SVG_MARGIN.left}" y1="${baseline}" x2="${SVG_WIDTH - SVG_MARGIN.right}" y2="${baseline}"/>`);
  bins.forEach((bin, i) => {
    const height = (bin.count / tallest) * plotHeight;
    const x = SVG_MARGIN.left + i * slot + 2;
    const y = baseline - height;
    parts.push(
      `<g class="bin" data-from="${formatPoints(bin.from)}" data-to="${formatPoints(bin.to)}" data-count="${bin.count}"><title>${binLabel(bin)} points: ${bin.count}</title>` +
        `<rect class="bar" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(slot - 4).toFixed(1)}" height="${height.toFixed(1)}"/>` +
        '</g>',
    );
  });
  // Markers over the bars, counts over the markers.
  const xOf = (score: number): number =>
    SVG_MARGIN.left + (analysis.maxScore > 0 ? Math.min(1, Math.max(0, score / analysis.maxScore)) : 0) * plotWidth;
  const markers: [string, number | null][] = [
    ['mean', analysis.scores.mean],
    ['median', analysis.scores.median],
  ];
  for (const [name, value] of markers) {
    if (value === null) continue;
    const x = xOf(value).toFixed(1);
    parts.push(`<line class="marker ${name}" x1="${x}" y1="${SVG_MARGIN.top - 8}" x2="${x}" y2="${baseline}"><title>${name} ${formatStat(value)}</title></line>`);
  }
  bins.forEach((bin, i) => {
    const height = (bin.count / tallest) * plotHeight;
    const x = SVG_MARGIN.left + i * slot + 2;
    parts.push(`<text class="count" data-count="${bin.count}" x="${(x + (slot - 4) / 2).toFixed(1)}" y="${(baseline - height - 5).toFixed(1)}" text-anchor="middle">${bin.count}</text>`);
  });
  // Edge ticks rather than range labels, so labels never collide however wide the numbers.
  bins.forEach((bin, i) => {
    const edges = i === bins.length - 1 ? [bin.from, bin.to] : [bin.from];
    edges.forEach((edge, j) => {
      const x = (SVG_MARGIN.left + (i + j) * slot).toFixed(1);
      parts.push(`<line class="axis" x1="${x}" y1="${baseline}" x2="${x}" y2="${baseline + 4}"/><text class="tick" x="${x}" y="${baseline + 16}" text-anchor="middle">${formatNumber(edge, 1)}</text>`);
    });
  });
  parts.push(`<text x="${SVG_MARGIN.left + plotWidth / 2}" y="${SVG_HEIGHT - 6}" text-anchor="middle">points (out of ${formatPoints(analysis.maxScore)})</text>`);
  parts.push(`<text x="4" y="${SVG_MARGIN.top - 10}">students</text>`);
  parts.push('</svg>');
  return parts.join('');
}

/** Submissions the resubmission policy set aside (the report counts one per student), or undefined when none. */
function setAsideOf(input: ClassReportInput): { policy: string; setAside: number } | undefined {
  const resubmissions = classOf(input).table.resubmissions;
  return resubmissions !== undefined && resubmissions.setAside > 0 ? resubmissions : undefined;
}

function card(name: string, value: string, id: string): string {
  return `<div class="card" data-stat="${id}"><div class="value">${escapeHtml(value)}</div><div class="name">${escapeHtml(name)}</div></div>`;
}

function statusCell(count: number, status: PartStatus): string {
  return `<td class="num${count > 0 ? ` tone-${PART_MARKS[status].tone}` : ''}">${count}</td>`;
}

function discriminationCell(value: number | null): string {
  return `<td class="num${value !== null && value < 0 ? ' neg' : ''}">${formatStat(value)}</td>`;
}

function itemTable(analysis: ClassAnalysis): string {
  const rows: string[] = [];
  rows.push('<table id="items"><thead><tr><th>Item</th><th class="num">Max</th><th class="num">Mean</th><th class="num">Facility</th>');
  rows.push('<th class="num" title="Point-biserial correlation with the rest of the test">Discrimination</th>');
  rows.push(`<th class="num" title="Facility in the top ${Math.round(UPPER_LOWER_SHARE * 100)}% minus the bottom ${Math.round(UPPER_LOWER_SHARE * 100)}%">Upper−lower</th>`);
  for (const status of PART_STATUSES) rows.push(`<th class="num" title="${PART_MARKS[status].label}">${PART_MARKS[status].symbol}</th>`);
  rows.push('<th>Flags</th></tr></thead><tbody>');
  for (const question of analysis.questions) {
    const single = question.parts.length === 1 && question.parts[0]?.key === question.id;
    if (!single) {
      rows.push(
        `<tr class="question" data-question="${escapeHtml(question.id)}"><td>${escapeHtml(question.title === undefined ? question.id : `${question.id} · ${question.title}`)}</td><td class="num">${formatPoints(question.maxScore)}</td><td class="num">${formatStat(question.mean)}</td><td class="num">${formatStat(question.facility)}</td>${discriminationCell(question.discrimination)}<td></td>${PART_STATUSES.map(() => '<td></td>').join('')}<td></td></tr>`,
      );
    }
    for (const item of question.parts) {
      const label = itemLabel(item);
      const facilityBar =
        item.facility === null ? '' : `<span class="facility"><span style="width:${(Math.min(1, Math.max(0, item.facility)) * 100).toFixed(0)}%"></span></span>`;
      rows.push(
        `<tr class="item${item.flags.length > 0 ? ' flagged' : ''}" data-key="${escapeHtml(item.key)}"><td>${single ? '' : '&emsp;'}${escapeHtml(label)}</td><td class="num">${formatPoints(item.maxScore)}</td><td class="num" data-col="mean">${formatStat(item.mean)}</td><td class="num" data-col="facility">${formatStat(item.facility)}${facilityBar}</td>${discriminationCell(item.discrimination).replace('<td', '<td data-col="discrimination"')}<td class="num">${formatStat(item.upperLower)}</td>${PART_STATUSES.map((status) => statusCell(item.statusCounts[status], status)).join('')}<td class="flags">${item.flags.map((flag) => escapeHtml(FLAG_LABELS[flag])).join(', ')}</td></tr>`,
      );
    }
  }
  rows.push('</tbody></table>');
  return rows.join('');
}

function wrongAnswersHtml(analysis: ClassAnalysis): string {
  const sections: string[] = [];
  for (const item of analysis.items) {
    if (item.wrongAnswers.length === 0) continue;
    sections.push(`<h3>${escapeHtml(itemLabel(item))} <small class="legend">${distinctText(item)} wrong answer${item.wrongAnswersDistinct === 1 && !item.wrongAnswersCapped ? '' : 's'}</small></h3>`);
    sections.push('<table class="wrong" data-key="' + escapeHtml(item.key) + '"><thead><tr><th>Answer</th><th class="num">Students</th><th class="num">Share</th><th>Verdict</th><th>Anticipated mistake</th></tr></thead><tbody>');
    for (const group of item.wrongAnswers) {
      const mistake =
        group.mistake === undefined ? '<span class="legend">not anticipated</span>' : `#${group.mistake + 1}${group.mistakeFeedback === undefined ? '' : `: ${escapeHtml(group.mistakeFeedback)}`}`;
      sections.push(
        `<tr><td><code>${escapeHtml(group.answer)}</code></td><td class="num">${groupCount(group)}</td><td class="num">${groupShare(group)}</td><td class="tone-${PART_MARKS[group.status].tone}">${PART_MARKS[group.status].label}</td><td>${mistake}</td></tr>`,
      );
    }
    sections.push('</tbody></table>');
  }
  return sections.length === 0 ? '<p>No wrong answers.</p>' : sections.join('');
}

function misconceptionsHtml(analysis: ClassAnalysis): string {
  const rows: string[] = [];
  for (const item of analysis.items) {
    for (const mistake of item.mistakes) {
      rows.push(
        `<tr data-key="${escapeHtml(item.key)}"><td>${escapeHtml(item.key)}</td><td>#${mistake.index + 1} <code>${escapeHtml(mistake.answer)}</code></td><td class="num">${mistake.credit === undefined ? '—' : formatPoints(mistake.credit)}</td><td class="num">${mistake.count}</td><td class="num">${percent(mistake.share)}</td><td>${escapeHtml(mistake.feedback ?? '')}</td></tr>`,
      );
    }
  }
  if (rows.length === 0) return '<p>No anticipated mistakes are declared or matched.</p>';
  return `<table id="misconceptions"><thead><tr><th>Item</th><th>Mistake</th><th class="num">Credit</th><th class="num">Students</th><th class="num">Share</th><th>Feedback given</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function moreNote(total: number, shown: number): string {
  return total > shown ? `<p class="more">… and ${total - shown} more (see grades.csv and results.jsonl).</p>` : '';
}

function invalidHtml(analysis: ClassAnalysis): string {
  if (analysis.invalid.total === 0) return '<p>None: every submission was graded.</p>';
  const rows = analysis.invalid.shown.map(
    (entry) =>
      `<tr><td>${escapeHtml(entry.studentId)}</td><td>${escapeHtml(entry.name ?? '')}</td><td>${escapeHtml(entry.status)}</td><td><code>${escapeHtml(entry.source ?? '')}</code></td><td><ul>${entry.errors.map((error) => `<li>${escapeHtml(error)}</li>`).join('')}</ul></td></tr>`,
  );
  return `<table id="invalid"><thead><tr><th>Student</th><th>Name</th><th>Status</th><th>Source</th><th>Reasons</th></tr></thead><tbody>${rows.join('')}</tbody></table>${moreNote(analysis.invalid.total, analysis.invalid.shown.length)}`;
}

function reviewHtml(analysis: ClassAnalysis): string {
  if (analysis.review.total === 0) return '<p>None.</p>';
  const rows = analysis.review.shown.map(
    (entry) =>
      `<tr><td>${escapeHtml(entry.key)}</td><td>${escapeHtml(entry.studentId)}</td><td>${escapeHtml(entry.name ?? '')}</td><td><code>${escapeHtml(entry.answer)}</code></td><td class="num">${formatPoints(entry.score)} / ${formatPoints(entry.maxScore)}</td><td>${entry.feedback.map(escapeHtml).join('<br>')}</td></tr>`,
  );
  return `<table id="review"><thead><tr><th>Item</th><th>Student</th><th>Name</th><th>Answer</th><th class="num">Provisional</th><th>Why</th></tr></thead><tbody>${rows.join('')}</tbody></table>${moreNote(analysis.review.total, analysis.review.shown.length)}`;
}

function legendHtml(): string {
  const flags = (Object.keys(FLAG_EXPLANATIONS) as ItemFlag[])
    .map((flag) => `<li><strong>${FLAG_LABELS[flag]}</strong>: ${escapeHtml(FLAG_EXPLANATIONS[flag])}</li>`)
    .join('');
  const marks = PART_STATUSES.map((status) => `${PART_MARKS[status].symbol} ${PART_MARKS[status].label}`).join(' · ');
  return `<div class="legend"><p><strong>Facility</strong>: mean score / max (1 = everyone earned everything). <strong>Discrimination</strong>: point-biserial correlation of the item with the rest of the test (total minus the item); 0.3 and above is good. <strong>Upper−lower</strong>: facility in the top ${Math.round(UPPER_LOWER_SHARE * 100)}% of the class minus the bottom ${Math.round(UPPER_LOWER_SHARE * 100)}%. Discrimination is flagged only with at least ${DISCRIMINATION_MIN_SUBMISSIONS} graded submissions. Columns: ${marks}.</p><ul>${flags}</ul></div>`;
}

export function renderReportHtml(input: ClassReportInput): string {
  const analysis = analysisOf(input);
  const s = analysis.scores;
  const body: string[] = [];
  body.push(`<header><h1>${escapeHtml(heading(analysis))}</h1><p class="sub">Class report · quiz <code>${escapeHtml(analysis.quizId)}</code>${analysis.generatedAt === undefined ? '' : ` · generated ${escapeHtml(analysis.generatedAt)}`}</p></header>`);
  body.push('<section class="overview"><div>');
  body.push('<h2>Score distribution</h2>');
  body.push(histogramSvg(analysis));
  body.push('<p class="legend">Dashed lines: <span class="tone-bad">mean</span>, <span class="tone-good">median</span>. Graded submissions only.</p>');
  body.push('</div><div><h2>At a glance</h2><div class="cards">');
  body.push(card('submissions', String(analysis.inputs), 'inputs'));
  const setAside = setAsideOf(input);
  if (setAside !== undefined) body.push(card(`set aside (--policy ${setAside.policy})`, String(setAside.setAside), 'set-aside'));
  body.push(card('graded', String(analysis.submissionsByStatus.graded), 'graded'));
  body.push(card('invalid', String(analysis.submissionsByStatus.invalid), 'invalid'));
  body.push(card('grading errors', String(analysis.submissionsByStatus.error), 'error'));
  body.push(card('awaiting review', String(analysis.submissionsAwaitingReview), 'review'));
  body.push(card(`mean / ${formatPoints(analysis.maxScore)}`, formatStat(s.mean), 'mean'));
  body.push(card('median', formatStat(s.median), 'median'));
  body.push(card('std. deviation', formatStat(s.stddev), 'stddev'));
  body.push(card('min – max', s.min === null || s.max === null ? '—' : `${formatPoints(s.min)} – ${formatPoints(s.max)}`, 'range'));
  body.push(card("Cronbach's α", formatStat(analysis.alpha), 'alpha'));
  body.push('</div></div></section>');
  body.push('<section><h2>Item analysis</h2>');
  body.push(itemTable(analysis));
  body.push(legendHtml());
  body.push('</section>');
  body.push('<section><h2>Misconceptions: anticipated mistakes</h2>');
  body.push(misconceptionsHtml(analysis));
  body.push('</section>');
  body.push('<section><h2>Most common wrong answers</h2>');
  body.push(wrongAnswersHtml(analysis));
  body.push('</section>');
  body.push(`<section><h2>Invalid submissions (${analysis.invalid.total})</h2>`);
  body.push(invalidHtml(analysis));
  body.push('</section>');
  body.push(`<section><h2>Waiting for review (${analysis.review.total})</h2>`);
  body.push(reviewHtml(analysis));
  body.push('</section>');
  return htmlPage(`${heading(analysis)} — class report`, REPORT_CSS, body.join('\n'));
}

// ---------------------------------------------------------------- markdown

function mdRow(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function mdHeader(cells: string[], numeric: boolean[]): string[] {
  return [mdRow(cells), mdRow(numeric.map((right) => (right ? '---:' : '---')))];
}

export function renderReportMarkdown(input: ClassReportInput): string {
  const analysis = analysisOf(input);
  const s = analysis.scores;
  const lines: string[] = [`# ${markdownCell(heading(analysis))}: class report`, ''];
  lines.push(`Quiz \`${analysis.quizId.replace(/`/g, '')}\`${analysis.generatedAt === undefined ? '' : ` · generated ${markdownCell(analysis.generatedAt)}`}`, '');
  lines.push('## At a glance', '');
  lines.push(
    `- Submissions: ${analysis.inputs} (graded ${analysis.submissionsByStatus.graded}, invalid ${analysis.submissionsByStatus.invalid}, grading errors ${analysis.submissionsByStatus.error}); awaiting review: ${analysis.submissionsAwaitingReview}`,
    `- Score out of ${formatPoints(analysis.maxScore)}: mean ${formatStat(s.mean)}, median ${formatStat(s.median)}, standard deviation ${formatStat(s.stddev)}, min ${s.min === null ? '—' : formatPoints(s.min)}, max ${s.max === null ? '—' : formatPoints(s.max)}`,
    `- Cronbach's α: ${formatStat(analysis.alpha)}`,
  );
  const setAside = setAsideOf(input);
  if (setAside !== undefined) lines.push(`- Resubmissions set aside: ${setAside.setAside} (one submission per student counts, by --policy ${setAside.policy})`);
  lines.push('');
  lines.push('## Score distribution', '');
  const tallest = Math.max(1, ...analysis.histogram.map((bin) => bin.count));
  lines.push(...mdHeader(['Points', 'Students', ''], [false, true, false]));
  for (const bin of analysis.histogram) {
    lines.push(mdRow([binLabel(bin), String(bin.count), '█'.repeat(Math.round((bin.count / tallest) * 30))]));
  }
  lines.push('');
  lines.push('## Item analysis', '');
  lines.push(
    ...mdHeader(
      ['Item', 'Max', 'Mean', 'Facility', 'Discrimination', 'Upper−lower', ...PART_STATUSES.map((status) => PART_MARKS[status].label), 'Flags'],
      [false, true, true, true, true, true, ...PART_STATUSES.map(() => true), false],
    ),
  );
  for (const question of analysis.questions) {
    const single = question.parts.length === 1 && question.parts[0]?.key === question.id;
    if (!single) {
      lines.push(
        mdRow([
          `**${markdownCell(question.title === undefined ? question.id : `${question.id} · ${question.title}`)}**`,
          formatPoints(question.maxScore),
          formatStat(question.mean),
          formatStat(question.facility),
          formatStat(question.discrimination),
          '',
          ...PART_STATUSES.map(() => ''),
          '',
        ]),
      );
    }
    for (const item of question.parts) {
      lines.push(
        mdRow([
          markdownCell(itemLabel(item)),
          formatPoints(item.maxScore),
          formatStat(item.mean),
          formatStat(item.facility),
          formatStat(item.discrimination),
          formatStat(item.upperLower),
          ...PART_STATUSES.map((status) => String(item.statusCounts[status])),
          item.flags.map((flag) => FLAG_LABELS[flag]).join(', '),
        ]),
      );
    }
  }
  lines.push('');
  lines.push(
    `Facility: mean / max. Discrimination: point-biserial correlation with the rest of the test. Upper−lower: facility in the top ${Math.round(UPPER_LOWER_SHARE * 100)}% minus the bottom ${Math.round(UPPER_LOWER_SHARE * 100)}%. Flags: ${(Object.keys(FLAG_EXPLANATIONS) as ItemFlag[]).map((flag) => `*${FLAG_LABELS[flag]}*: ${FLAG_EXPLANATIONS[flag]}`).join('; ')}.`,
    '',
  );
  lines.push('## Misconceptions: anticipated mistakes', '');
  const mistakeRows = analysis.items.flatMap((item) =>
    item.mistakes.map((mistake) =>
      mdRow([
        markdownCell(item.key),
        `#${mistake.index + 1} ${markdownCode(mistake.answer)}`,
        mistake.credit === undefined ? '—' : formatPoints(mistake.credit),
        String(mistake.count),
        percent(mistake.share),
        markdownCell(mistake.feedback ?? ''),
      ]),
    ),
  );
  if (mistakeRows.length === 0) lines.push('No anticipated mistakes are declared or matched.', '');
  else lines.push(...mdHeader(['Item', 'Mistake', 'Credit', 'Students', 'Share', 'Feedback given'], [false, false, true, true, true, false]), ...mistakeRows, '');
  lines.push('## Most common wrong answers', '');
  let anyWrong = false;
  for (const item of analysis.items) {
    if (item.wrongAnswers.length === 0) continue;
    anyWrong = true;
    lines.push(`### ${markdownCell(itemLabel(item))} (${distinctText(item)})`, '');
    lines.push(...mdHeader(['Answer', 'Students', 'Share', 'Verdict', 'Anticipated mistake'], [false, true, true, false, false]));
    for (const group of item.wrongAnswers) {
      lines.push(
        mdRow([
          markdownCode(group.answer),
          groupCount(group),
          groupShare(group),
          PART_MARKS[group.status].label,
          group.mistake === undefined ? 'not anticipated' : `#${group.mistake + 1}${group.mistakeFeedback === undefined ? '' : `: ${markdownCell(group.mistakeFeedback)}`}`,
        ]),
      );
    }
    lines.push('');
  }
  if (!anyWrong) lines.push('No wrong answers.', '');
  lines.push(`## Invalid submissions (${analysis.invalid.total})`, '');
  if (analysis.invalid.total === 0) lines.push('None: every submission was graded.', '');
  else {
    lines.push(...mdHeader(['Student', 'Name', 'Status', 'Source', 'Reasons'], [false, false, false, false, false]));
    for (const entry of analysis.invalid.shown) {
      lines.push(mdRow([markdownCell(entry.studentId), markdownCell(entry.name ?? ''), entry.status, markdownCode(entry.source ?? ''), entry.errors.map(markdownCell).join('<br>')]));
    }
    if (analysis.invalid.total > analysis.invalid.shown.length) lines.push('', `… and ${analysis.invalid.total - analysis.invalid.shown.length} more (see grades.csv).`);
    lines.push('');
  }
  lines.push(`## Waiting for review (${analysis.review.total})`, '');
  if (analysis.review.total === 0) lines.push('None.', '');
  else {
    lines.push(...mdHeader(['Item', 'Student', 'Name', 'Answer', 'Provisional', 'Why'], [false, false, false, false, true, false]));
    for (const entry of analysis.review.shown) {
      lines.push(
        mdRow([
          markdownCell(entry.key),
          markdownCell(entry.studentId),
          markdownCell(entry.name ?? ''),
          markdownCode(entry.answer),
          `${formatPoints(entry.score)} / ${formatPoints(entry.maxScore)}`,
          entry.feedback.map(markdownCell).join('<br>'),
        ]),
      );
    }
    if (analysis.review.total > analysis.review.shown.length) lines.push('', `… and ${analysis.review.total - analysis.review.shown.length} more (see results.jsonl).`);
    lines.push('');
  }
  return lines.join('\n');
}

export const reportHtmlReporter: FileReporter = {
  kind: 'file',
  fileName: 'report.html',
  description: 'Class report for the instructor: histogram, item analysis, misconceptions (self-contained HTML)',
  render: renderReportHtml,
};

export const reportMarkdownReporter: FileReporter = {
  kind: 'file',
  fileName: 'report.md',
  description: 'Class report for the instructor (Markdown)',
  render: renderReportMarkdown,
};
