/** A 100,000-result class: reports stay aggregate, so their size does not grow with the class. */
import { describe, expect, it } from 'vitest';
import { analysisOf } from '../../src/analytics/cached.ts';
import { LISTED_SUBMISSIONS_MAX, WRONG_ANSWERS_SHOWN } from '../../src/analytics/class-analysis.ts';
import { renderReportHtml, renderReportMarkdown } from '../../src/reporters/class-report.ts';
import { renderItemAnalysisCsv } from '../../src/reporters/item-analysis-csv.ts';
import { renderSummaryJson } from '../../src/reporters/summary-json.ts';
import { syntheticClass, syntheticQuiz } from './synthetic-class.ts';

const LARGE_CLASS = 100_000;
/** Ceiling on the class report's size, whatever the class size. */
const REPORT_HTML_MAX_BYTES = 300_000;
const REPORT_MD_MAX_BYTES = 150_000;

describe('a class of 100,000', () => {
  const results = syntheticClass(LARGE_CLASS);
  const quiz = syntheticQuiz();
  // One input object, so every reporter and assertion shares one analysis.
  const input = { results, quiz };

  it('gives an aggregate HTML and Markdown report of bounded size', () => {
    const html = renderReportHtml(input);
    const md = renderReportMarkdown(input);
    expect(Buffer.byteLength(html)).toBeLessThan(REPORT_HTML_MAX_BYTES);
    expect(Buffer.byteLength(md)).toBeLessThan(REPORT_MD_MAX_BYTES);
    // The per-student lists are capped and say how many were left out.
    const analysis = analysisOf(input);
    expect(analysis.invalid.total).toBeGreaterThan(LISTED_SUBMISSIONS_MAX);
    expect(analysis.invalid.shown).toHaveLength(LISTED_SUBMISSIONS_MAX);
    expect(html).toContain(`and ${analysis.invalid.total - LISTED_SUBMISSIONS_MAX} more`);
    expect(analysis.review.shown).toHaveLength(LISTED_SUBMISSIONS_MAX);
    for (const item of analysis.items) expect(item.wrongAnswers.length).toBeLessThanOrEqual(WRONG_ANSWERS_SHOWN);
  });

  it('still counts every submission', () => {
    const summary = JSON.parse(renderSummaryJson(input));
    expect(summary.inputs).toBe(LARGE_CLASS);
    expect(summary.submissions.graded + summary.submissions.invalid + summary.submissions.error).toBe(LARGE_CLASS);
    expect(renderItemAnalysisCsv(input).trim().split('\n')).toHaveLength(1 + 30);
  });

  it('measures a real spread: reliable quiz, positive discrimination everywhere', () => {
    const analysis = analysisOf(input);
    expect(analysis.alpha).toBeGreaterThan(0.8);
    for (const item of analysis.items) expect(item.discrimination).toBeGreaterThan(0.2);
  });
});
