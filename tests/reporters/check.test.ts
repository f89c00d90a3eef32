import { describe, expect, it } from 'vitest';
import { renderCheck } from '../../src/reporters/check.ts';
import { katexStyles } from '../../src/reporters/katex-styles.ts';
import type { SubmissionResult } from '../../src/types.ts';
import { expectGolden, loadQuizInfo, loadResults } from './helpers.ts';

const results = loadResults();
const quiz = loadQuizInfo();
const byId = (id: string): SubmissionResult => results.find((result) => result.student.id === id) as SubmissionResult;
const ESC = '\u001b';

describe('check view', () => {
  it.each([
    ['s04', 'text'],
    ['s04', 'md'],
    ['s07', 'text'],
    ['s11', 'text'],
    ['s11', 'md'],
    ['s12', 'text'],
  ] as const)('%s as %s matches the golden file', (id, format) => {
    expectGolden(`check-${id}.${format === 'text' ? 'txt' : 'md'}`, renderCheck(byId(id), { format, color: false, quiz }));
  });

  it('html without math matches the golden file', () => {
    expectGolden('check-s04-no-quiz.html', renderCheck(byId('s04'), { format: 'html', color: false, mathStyles: katexStyles() }));
  });

  it.each([
    // status, mark shown
    ['s01', 'q1.a', '✓ correct'],
    ['s02', 'q2', '◐ partial'],
    ['s03', 'q1.a', '✗ incorrect'],
    ['s04', 'q3', '? needs review'],
    ['s06', 'q1.a', '! invalid'],
    ['s07', 'q3', '– unanswered'],
    ['s09', 'q3', '⚠ error'],
  ])('%s %s is marked %s', (id, key, mark) => {
    const text = renderCheck(byId(id), { format: 'text', color: false, quiz });
    const line = text.split('\n').find((candidate) => candidate.includes(mark));
    expect(line).toBeDefined();
    const html = renderCheck(byId(id), { format: 'html', color: false, mathStyles: katexStyles(), quiz });
    expect(html).toMatch(new RegExp(`data-key="${key.replace('.', '\\.')}" data-status="[a-z-]+"><td>[^<]*</td><td><span class="mark [a-z-]+">${mark.replace(/[?]/g, '\\?')}`));
  });

  it('shows the reading only when it differs from the answer beyond spacing', () => {
    const s07 = renderCheck(byId('s07'), { format: 'text', color: false, quiz });
    expect(s07).toContain('answer:  1,265,220');
    expect(s07).toContain('read as: 1265220');
    const s01 = renderCheck(byId('s01'), { format: 'text', color: false, quiz });
    expect(s01).not.toContain('read as');
  });

  it('states the total and that a part awaits review', () => {
    const text = renderCheck(byId('s04'), { format: 'text', color: false, quiz });
    expect(text).toContain('Total: 0.5 / 6');
    expect(text).toContain('1 part is waiting for review');
  });

  it('lists every error of an invalid submission instead of a score', () => {
    const text = renderCheck(byId('s11'), { format: 'text', color: false, quiz });
    expect(text).toContain('could not be read');
    expect(text).toContain("unknown answer key 'q4' (did you mean 'q3'?)");
    expect(text).toContain('Total: not graded');
  });

  it('colours only when asked', () => {
    expect(renderCheck(byId('s04'), { format: 'text', color: true, quiz })).toContain(`${ESC}[`);
    expect(renderCheck(byId('s04'), { format: 'text', color: false, quiz })).not.toContain(ESC);
  });

  describe('hostile answers', () => {
    const hostile: SubmissionResult = {
      ...byId('s01'),
      student: { id: 'x<1>', name: `Eve${ESC}[2J` },
      parts: byId('s01').parts.map((part, i) =>
        i === 0
          ? { ...part, status: 'incorrect', score: 0, answer: `<script>alert(1)</script>${ESC}]0;pwned\u0007 | ${'x'.repeat(5000)}`, interpreted: undefined }
          : part,
      ),
    };

    it('cannot send terminal escape sequences', () => {
      const text = renderCheck(hostile, { format: 'text', color: false, quiz });
      expect(text).not.toContain(ESC);
      expect(text).not.toContain('\u0007');
    });

    it('cannot inject HTML', () => {
      const html = renderCheck(hostile, { format: 'html', color: false, mathStyles: katexStyles(), quiz });
      expect(html).not.toContain('<script>');
      expect(html).toContain('&lt;script&gt;');
      expect(html).toContain('x&lt;1&gt;');
    });

    it('cannot break a Markdown table', () => {
      const md = renderCheck(hostile, { format: 'md', color: false, quiz });
      const row = md.split('\n').find((line) => line.startsWith('| a '));
      expect(row).toBeDefined();
      expect((row as string).split(/(?<!\\)\|/).length).toBe(8);
      // Inside a code span HTML is shown literally; outside one it must not appear.
      expect(md.replace(/(`+)[^`]*?\1/g, '')).not.toContain('<script>');
    });

    it('caps the answer shown', () => {
      const text = renderCheck(hostile, { format: 'text', color: false, quiz });
      expect(text.length).toBeLessThan(3000);
    });
  });

  describe('typesetting', () => {
    it('typesets expression answers with KaTeX and inlines its styles', () => {
      const html = renderCheck(byId('s05'), { format: 'html', color: false, mathStyles: katexStyles(), quiz });
      expect(html).toContain('class="katex"');
      expect(html).toContain('data:font/woff2;base64,');
      expect(html).not.toMatch(/url\((?!data:)/);
    });

    it('leaves non-expression answers as text and omits KaTeX when nothing is typeset', () => {
      const html = renderCheck(byId('s05'), { format: 'html', color: false, mathStyles: katexStyles() });
      expect(html).not.toContain('class="katex"');
      expect(html).not.toContain('@font-face');
    });
  });
});
