import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeClass } from '../../src/analytics/class-analysis.ts';
import { renderReportHtml, renderReportMarkdown } from '../../src/reporters/class-report.ts';
import { gradescopeResults, renderGradescope } from '../../src/reporters/gradescope.ts';
import { DEFAULT_CLASS_FORMATS, GRADESCOPE_VISIBILITIES, REPORTERS, REPORT_FORMATS, writeClassReports } from '../../src/reporters/index.ts';
import { renderItemAnalysisCsv } from '../../src/reporters/item-analysis-csv.ts';
import { MOODLE_COMMENT_MAX_CHARS, renderCanvasCsv, renderMoodleCsv, renderUnmatchedCsv } from '../../src/reporters/lms-csv.ts';
import type { SubmissionResult } from '../../src/types.ts';
import { GENERATED_AT, expectGolden, loadQuizInfo, loadResults } from './helpers.ts';

const results = loadResults();
const quiz = loadQuizInfo();
const input = { results, quiz, generatedAt: GENERATED_AT };
const byId = (id: string): SubmissionResult => results.find((result) => result.student.id === id) as SubmissionResult;

describe('class analysis of the demo class', () => {
  const analysis = analyzeClass(input);

  it('bins graded totals into the histogram', () => {
    expect(analysis.histogram.map((bin) => bin.count)).toEqual([2, 1, 0, 0, 0, 0, 3, 1, 2, 1]);
  });

  it('analyses every part in quiz order', () => {
    expect(analysis.items.map((item) => [item.key, item.mean, item.facility])).toEqual([
      ['q1.a', 0.5, 0.5],
      ['q1.b', 1.3, 0.65],
      ['q2', 0.7, 0.7],
      ['q3', 0.9, 0.45],
    ]);
    expect(analysis.alpha).toBeCloseTo(0.6950710108604845, 12);
  });

  it('groups wrong answers by their normalized form, most common first', () => {
    const q1b = analysis.items.find((item) => item.key === 'q1.b');
    // Three spellings of the same sign error are one group, matched to mistake #1.
    expect(q1b?.wrongAnswers[0]).toMatchObject({ answer: '1 / (1 + exp(x))', count: 3, status: 'incorrect', mistake: 0 });
    const q1a = analysis.items.find((item) => item.key === 'q1.a');
    expect(q1a?.wrongAnswers.map((group) => [group.answer, group.count, group.status])).toEqual([
      ['1264800', 2, 'incorrect'],
      ['1265000', 1, 'incorrect'],
      ['3ax3ax6', 1, 'invalid'],
    ]);
  });

  it('counts how often each anticipated mistake occurred, declared ones included at 0', () => {
    const withUnused = analyzeClass({
      results,
      quiz: {
        ...quiz,
        questions: quiz.questions.map((question) =>
          question.id !== 'q2'
            ? question
            : { ...question, parts: question.parts.map((part) => ({ ...part, mistakes: [...part.mistakes, { answer: '(0, inf)', credit: 0 }] })) },
        ),
      },
    });
    const q2 = withUnused.items.find((item) => item.key === 'q2');
    expect(q2?.mistakes.map((mistake) => [mistake.index, mistake.count])).toEqual([[0, 2], [1, 0]]);
  });

  it('lists invalid submissions and parts waiting for review', () => {
    expect(analysis.invalid.shown.map((entry) => [entry.studentId, entry.status])).toEqual([['s11', 'invalid'], ['s12', 'error']]);
    expect(analysis.review.shown.map((entry) => [entry.key, entry.studentId])).toEqual([['q3', 's04']]);
  });

  it('flags an item whose discrimination is negative', () => {
    // A part the weakest students get right and the strongest get wrong.
    const flipped = results.map((result) => ({
      ...result,
      parts: result.parts.map((part) =>
        part.key !== 'q2' ? part : { ...part, score: result.score >= 4 ? 0 : 1, status: result.score >= 4 ? 'incorrect' : 'correct' },
      ),
    })) as SubmissionResult[];
    const extra = flipped.map((result, i) => ({ ...result, student: { id: `x${i}` } }));
    const q2 = analyzeClass({ results: [...flipped, ...extra], quiz }).items.find((item) => item.key === 'q2');
    expect(q2?.discrimination).toBeLessThan(0);
    expect(q2?.flags).toContain('negative-discrimination');
  });

  it('does not flag discrimination below the minimum class size', () => {
    const small = analyzeClass({ results: results.slice(0, 5), quiz });
    expect(small.items.flatMap((item) => item.flags).filter((flag) => flag.endsWith('discrimination'))).toEqual([]);
  });

  it('gives the same analysis whatever the input order', () => {
    expect(analyzeClass({ ...input, results: [...results].reverse() })).toEqual(analysis);
  });

  it('works from results alone', () => {
    const bare = analyzeClass({ results });
    expect(bare.quizId).toBe('demo-quiz');
    expect(bare.maxScore).toBe(6);
    expect(bare.items.map((item) => item.key)).toEqual(['q1.a', 'q1.b', 'q2', 'q3']);
    // Without the quiz the mistake's answer is the most common one that matched it.
    expect(bare.items[1]?.mistakes[0]).toMatchObject({ index: 0, answer: '1 / (1 + exp(x))', count: 3 });
  });
});

describe('class report outputs match their golden files', () => {
  it.each([
    ['report.md', () => renderReportMarkdown(input)],
    ['report.html', () => renderReportHtml(input)],
    ['report-no-quiz.md', () => renderReportMarkdown({ results })],
    ['item-analysis.csv', () => renderItemAnalysisCsv(input)],
    ['canvas.csv', () => renderCanvasCsv(input)],
    ['moodle.csv', () => renderMoodleCsv(input)],
    ['unmatched.csv', () => renderUnmatchedCsv(input)],
    ['canvas-assignment.csv', () => renderCanvasCsv({ ...input, exports: { assignment: 'Mock Quiz 2', canvasAssignmentId: '12345', questionColumns: true } })],
    ['moodle-questions.csv', () => renderMoodleCsv({ ...input, exports: { assignment: 'Mock Quiz 2', questionColumns: true } })],
    ['gradescope-s04.json', () => `${JSON.stringify(gradescopeResults(byId('s04'), quiz), null, 2)}\n`],
    ['gradescope-s11.json', () => `${JSON.stringify(gradescopeResults(byId('s11'), quiz), null, 2)}\n`],
  ])('%s', (name, render) => expectGolden(name, render()));
});

describe('report.html', () => {
  const html = renderReportHtml(input);

  it('loads nothing from anywhere', () => {
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(/i);
    expect(html).toContain("default-src 'none'");
  });

  it('escapes student text', () => {
    expect(html).not.toContain('<b>so</b>');
    expect(html).toContain('&lt;b&gt;so&lt;/b&gt;');
  });

  it('draws one histogram bar per bin with its count', () => {
    const counts = [...html.matchAll(/<g class="bin"[^>]*data-count="(\d+)"/g)].map((match) => Number(match[1]));
    expect(counts).toEqual([2, 1, 0, 0, 0, 0, 3, 1, 2, 1]);
  });
});

describe('LMS imports', () => {
  const lmsIds = results.filter((result) => result.status === 'graded').map((result) => result.student.id).sort();

  it('Canvas: points possible row, graded submissions only', () => {
    const rows = parse(renderCanvasCsv(input)) as string[][];
    expect(rows[0]).toEqual(['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', 'Demo quiz - sigmoid and parameters']);
    expect(rows[1]).toEqual(['Points Possible', '', '', '', '', '6']);
    expect(rows.find((row) => row[2] === 's04')?.[5]).toBe('0.5');
    expect(rows.slice(2).map((row) => row[2])).toEqual(lmsIds);
  });

  it('Moodle: graded submissions only, each part scored in the feedback, provisional grades say so', () => {
    const rows = parse(renderMoodleCsv(input), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row['ID number'])).toEqual(lmsIds);
    expect(rows.find((row) => row['ID number'] === 's04')).toMatchObject({
      'Demo quiz - sigmoid and parameters': '0.5',
      Feedback: '0.5 / 6: q1.a 0/1, q1.b 0/2, q2 0.5/1, q3 0/2 | Provisional: 1 part awaiting review.',
    });
  });

  it('unmatched.csv lists what the LMS files leave out, with the reason', () => {
    const rows = parse(renderUnmatchedCsv({ results: [...results, { ...byId('s01'), student: { id: '' }, position: 99 }] }), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row['student_id'], row['status'], row['reason']!.split(':')[0]])).toEqual([
      ['', 'graded', 'no student id'],
      ['s11', 'invalid', 'invalid submission'],
      ['s12', 'error', 'grading failed'],
    ]);
  });

  it.each([
    // options, Canvas column, Moodle column
    [{ assignment: 'Mock Quiz 2' }, 'Mock Quiz 2', 'Mock Quiz 2'],
    [{ assignment: 'Mock Quiz 2', canvasAssignmentId: '12345' }, 'Mock Quiz 2 (12345)', 'Mock Quiz 2'],
    [{ canvasAssignmentId: '7' }, 'Demo quiz - sigmoid and parameters (7)', 'Demo quiz - sigmoid and parameters'],
  ])('--assignment and the Canvas id name the column: %j', (exports, canvasColumn, moodleColumn) => {
    expect((parse(renderCanvasCsv({ results, quiz, exports })) as string[][])[0]?.[5]).toBe(canvasColumn);
    expect((parse(renderMoodleCsv({ results, quiz, exports })) as string[][])[0]?.[3]).toBe(moodleColumn);
  });

  it('per-question columns add up to the total, with their points possible', () => {
    const exports = { assignment: 'Quiz', questionColumns: true };
    const canvas = parse(renderCanvasCsv({ results, quiz, exports })) as string[][];
    expect(canvas[0]?.slice(5)).toEqual(['Quiz', 'Quiz: q1', 'Quiz: q2', 'Quiz: q3']);
    expect(canvas[1]?.slice(5)).toEqual(['6', '3', '1', '2']);
    for (const row of canvas.slice(2)) expect(row.slice(6).reduce((sum, cell) => sum + Number(cell), 0)).toBeCloseTo(Number(row[5]), 9);
    const moodle = parse(renderMoodleCsv({ results, quiz, exports })) as string[][];
    expect(moodle[0]?.slice(3)).toEqual(['Quiz', 'Feedback', 'Quiz: q1', 'Quiz: q2', 'Quiz: q3']);
    expect(moodle.find((row) => row[0] === 's04')?.slice(5)).toEqual(['0', '0.5', '0']);
  });

  it("Moodle's feedback carries the TA's comment, shortened", () => {
    const long = 'x'.repeat(MOODLE_COMMENT_MAX_CHARS * 2);
    const reviewed = results.map((result) =>
      result.student.id !== 's04' ? result : { ...result, parts: result.parts.map((part) => (part.key === 'q2' ? { ...part, review: { comment: long } } : part)) },
    ) as SubmissionResult[];
    const feedback = (parse(renderMoodleCsv({ results: reviewed, quiz }), { columns: true }) as Record<string, string>[]).find((row) => row['ID number'] === 's04')?.['Feedback'];
    expect(feedback).toContain(`TA: q2: ${'x'.repeat(40)}`);
    expect(feedback!.length).toBeLessThan(MOODLE_COMMENT_MAX_CHARS + 120);
  });
});

describe('Gradescope', () => {
  it('scores each part as a test, passed only when fully correct', () => {
    const out = gradescopeResults(byId('s05'), quiz);
    expect(out.score).toBe(4);
    expect(out.tests.map((test) => [test.number, test.score, test.max_score, test.status])).toEqual([
      ['q1.a', 1, 1, 'passed'],
      ['q1.b', 1, 2, 'failed'],
      ['q2', 1, 1, 'passed'],
      ['q3', 1, 2, 'failed'],
    ]);
    expect(out.tests.reduce((sum, test) => sum + test.score, 0)).toBe(out.score);
  });

  it('reports an invalid submission with its reasons and no tests', () => {
    const out = gradescopeResults(byId('s11'), quiz);
    expect(out.score).toBe(0);
    expect(out.tests).toEqual([]);
    expect(out.output).toContain("unknown answer key 'q4'");
  });

  it.each(GRADESCOPE_VISIBILITIES)('--visibility %s sets the result and every test', (visibility) => {
    const out = gradescopeResults(byId('s05'), quiz, { gradescopeVisibility: visibility });
    expect([out.visibility, ...out.tests.map((test) => test.visibility)]).toEqual(Array(out.tests.length + 1).fill(visibility));
    expect(gradescopeResults(byId('s11'), quiz, { gradescopeVisibility: visibility }).visibility).toBe(visibility);
  });

  it('writes Markdown, with student text escaped and the answer as code', () => {
    const hostile = { ...byId('s05'), parts: byId('s05').parts.map((part) => ({ ...part, answer: '**x** <img src=y> `z`', feedback: ['*not* [a link](http://x)'] })) };
    const out = gradescopeResults(hostile, quiz);
    expect([out.output_format, out.test_output_format, out.tests[0]?.output_format]).toEqual(['md', 'md', 'md']);
    const output = out.tests[0]!.output;
    expect(output).toContain('**Your answer:** `` **x** <img src=y> `z` ``');
    expect(output).toContain('\\*not\\* \\[a link\\](http://x)');
  });

  it("puts the TA's comment after review into the test's output", () => {
    const reviewed = { ...byId('s04'), parts: byId('s04').parts.map((part) => (part.key === 'q2' ? { ...part, review: { autoScore: 0.5, autoStatus: 'needs-review', score: 1, comment: 'fine <b>work</b>' } } : part)) };
    const test = gradescopeResults(reviewed as SubmissionResult, quiz).tests.find((candidate) => candidate.number === 'q2');
    expect(test?.output).toContain("**Instructor's comment:** fine &lt;b&gt;work&lt;/b&gt;");
  });

  it('writes one folder per submission, with unsafe and repeated ids made distinct', () => {
    const files = renderGradescope({
      results: [
        { ...byId('s01'), student: { id: '../etc/passwd' } },
        { ...byId('s02'), student: { id: 'a/b' }, position: 1 },
        { ...byId('s03'), student: { id: 'a/b' }, position: 2 },
      ],
    });
    expect(files.map((file) => file.path)).toEqual(['__etc_passwd~7fef78f53440/results.json', 'a_b~c14cddc033f6/results.json', 'a_b~c14cddc033f6~2/results.json']);
  });
});

describe('writeClassReports', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('writes every output, gradebook first, each equal to its reporter', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'quizgrade-reports-'));
    dirs.push(dir);
    const written = await writeClassReports(results, dir, { quiz, generatedAt: GENERATED_AT, formats: REPORT_FORMATS });
    const names = written.map((file) => path.relative(dir, file).split(path.sep).join('/'));
    expect(names.slice(0, 8)).toEqual(['grades.csv', 'summary.json', 'report.html', 'report.md', 'item-analysis.csv', 'canvas.csv', 'moodle.csv', 'unmatched.csv']);
    expect(names.filter((name) => name.startsWith('gradescope/'))).toHaveLength(results.length);
    expect(await readFile(path.join(dir, 'report.md'), 'utf8')).toBe(renderReportMarkdown(input));
    expect(await readdir(dir)).not.toContain('results.jsonl');
  });

  it('leaves the per-submission gradescope folder out by default', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'quizgrade-reports-'));
    dirs.push(dir);
    const written = await writeClassReports(results, dir, { quiz });
    expect(DEFAULT_CLASS_FORMATS).not.toContain('gradescope');
    expect((await readdir(dir)).sort()).toEqual(['canvas.csv', 'grades.csv', 'item-analysis.csv', 'moodle.csv', 'report.html', 'report.md', 'summary.json', 'unmatched.csv']);
    expect(written).toHaveLength(DEFAULT_CLASS_FORMATS.length);
  });

  it('writes only the formats asked for', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'quizgrade-reports-'));
    dirs.push(dir);
    await writeClassReports(results, dir, { formats: ['summary', 'canvas'] });
    expect((await readdir(dir)).sort()).toEqual(['canvas.csv', 'summary.json', 'unmatched.csv']);
  });

  it('has a reporter for every format', () => {
    for (const format of REPORT_FORMATS) expect(REPORTERS[format]).toBeDefined();
  });
});

describe('grading errors', () => {
  it('flag an item whose grader failed instead of calling it hard', () => {
    const failing = results.map((result) => ({
      ...result,
      parts: result.parts.map((part) =>
        part.key !== 'q1.b' ? part : { ...part, score: 0, status: 'error', feedback: ['the grader failed'] },
      ),
    })) as SubmissionResult[];
    const q1b = analyzeClass({ results: failing, quiz }).items.find((item) => item.key === 'q1.b');
    expect(q1b?.facility).toBe(0);
    expect(q1b?.flags).toEqual(['grading-errors']);
  });
});
