/**
 * The HTML outputs in a real headless Chromium: no console errors, no network,
 * the histogram and item table visible with the right numbers. Screenshots go
 * to out/screenshots/ for a human look.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCheck } from '../../src/reporters/check.ts';
import { katexStyles } from '../../src/reporters/katex-styles.ts';
import { renderReportHtml } from '../../src/reporters/class-report.ts';
import type { SubmissionResult } from '../../src/types.ts';
import { GENERATED_AT, ROOT, loadQuizInfo, loadResults } from './helpers.ts';

/** The browser: Debian's, unless QUIZGRADE_CHROMIUM names another. */
const CHROMIUM = process.env.QUIZGRADE_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(ROOT, 'out/screenshots');
const hasChromium = existsSync(CHROMIUM);
/** On CI a missing browser is a failure, not a skip: a green run must mean these tests ran. */
const onCI = process.env.CI !== undefined && !['', '0', 'false'].includes(process.env.CI.toLowerCase());
if (!hasChromium && !onCI) console.warn(`Skipping browser tests: ${CHROMIUM} is absent (apt-get install -y chromium).`);

const results = loadResults();
const quiz = loadQuizInfo();

interface Loaded {
  page: Page;
  consoleErrors: string[];
  /** Every request other than the page itself. */
  requests: string[];
}

describe.skipIf(!hasChromium && !onCI)('HTML in headless Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    if (!hasChromium) throw new Error(`${CHROMIUM} is absent and CI is set: install it (apt-get install -y chromium)`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    dir = await mkdtemp(path.join(os.tmpdir(), 'quizgrade-html-'));
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  async function load(name: string, html: string, width = 1280): Promise<Loaded> {
    const file = path.join(dir, name);
    await writeFile(file, html, 'utf8');
    const url = pathToFileURL(file).href;
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('request', (request) => {
      if (request.url() !== url) requests.push(request.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(async () => document.fonts.ready);
    return { page, consoleErrors, requests };
  }

  it('class report: histogram and item table visible with the right numbers', async () => {
    const { page, consoleErrors, requests } = await load('report.html', renderReportHtml({ results, quiz, generatedAt: GENERATED_AT }));
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);

    const histogram = page.locator('svg.histogram');
    await expect.poll(() => histogram.isVisible()).toBe(true);
    const box = await histogram.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    const labels = await page.locator('svg.histogram text.count').allTextContents();
    expect(labels).toEqual(['2', '1', '0', '0', '0', '0', '3', '1', '2', '1']);
    // The tallest bar (3 students) is drawn taller than a bar of 1.
    const heights = await page.locator('svg.histogram rect.bar').evaluateAll((bars) => bars.map((bar) => bar.getBoundingClientRect().height));
    expect(heights[6]).toBeGreaterThan(2.5 * (heights[5 + 2] ?? 0));
    expect(heights[2]).toBe(0);

    const table = page.locator('#items');
    expect(await table.isVisible()).toBe(true);
    const row = (key: string) => table.locator(`tr[data-key="${key}"]`);
    expect(await row('q1.b').locator('[data-col="mean"]').textContent()).toBe('1.30');
    expect(await row('q1.b').locator('[data-col="facility"]').textContent()).toBe('0.65');
    expect(await row('q1.a').locator('[data-col="discrimination"]').textContent()).toBe('0.34');
    expect(await page.locator('[data-stat="alpha"] .value').textContent()).toBe('0.70');
    expect(await page.locator('[data-stat="mean"] .value').textContent()).toBe('3.40');
    expect(await page.locator('[data-stat="invalid"] .value').textContent()).toBe('1');

    await page.screenshot({ path: path.join(SCREENSHOTS, 'report.png'), fullPage: true });
    await page.close();
  });

  it('check page: typeset math with inlined fonts, marks visible, nothing fetched', async () => {
    const s05 = results.find((result) => result.student.id === 's05') as SubmissionResult;
    const { page, consoleErrors, requests } = await load('check.html', renderCheck(s05, { format: 'html', color: false, mathStyles: katexStyles(), quiz }), 900);
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.locator('.katex').first().isVisible()).toBe(true);
    // KaTeX's own font is in use, so the math is really typeset, not fallback text.
    const fontLoaded = await page.evaluate(() => document.fonts.check('16px KaTeX_Main'));
    expect(fontLoaded).toBe(true);
    expect(await page.locator('tr[data-key="q1.b"] .mark').textContent()).toBe('◐ partial');
    expect(await page.locator('.total').textContent()).toBe('Total: 4 / 6');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'check.png'), fullPage: true });
    await page.close();
  });

  it('check page of an invalid submission shows its reasons', async () => {
    const s11 = results.find((result) => result.student.id === 's11') as SubmissionResult;
    const { page, consoleErrors, requests } = await load('check-invalid.html', renderCheck(s11, { format: 'html', color: false, mathStyles: katexStyles(), quiz }), 900);
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.locator('.not-graded li').allTextContents()).toEqual(s11.errors);
    await page.close();
  });
});
