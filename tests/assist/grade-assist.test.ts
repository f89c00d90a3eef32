/**
 * `grade --assist <url>` end to end, against a chat server on 127.0.0.1: only
 * the rubric parts headed for review are sent, the suggestion is logged in
 * the part and shown in the review CSV, no score moves, a failing endpoint is
 * a note, and without --assist every output is what it was.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ASSIST_CACHE_FILE, ASSIST_FAILURES_BEFORE_GIVING_UP } from '../../src/assist/stage.ts';
import { REVIEW_COLUMNS } from '../../src/review/types.ts';
import type { SubmissionResult } from '../../src/types.ts';
import { run, tempDir } from '../support/cli.ts';
import { startChatServer, userMessage, type ChatReply, type ChatRequest, type ChatServer } from '../support/chat-server.ts';

const SPEC = `quiz: assist-demo
questions:
  - id: q1
    title: Why not one-hot encodings for words?
    prompt: Why are one-hot vectors a poor representation of words?
    points: 2
    answer:
      type: rubric
      criteria:
        - id: sparse
          points: 1
          description: One-hot vectors are huge and sparse
          any: [sparse, vocabulary size]
        - id: similarity
          points: 1
          description: They are orthogonal, so no similarity is captured
          any: [orthogonal, no similarity]
  - id: q2
    points: 1
    answer: { type: numeric, expected: 2 }
`;

/** Student, q1 answer (null: none), q2 answer; which q1 answers go to review is the grader's call, checked below. */
const CLASS: [string, string | null, string][] = [
  ['s1', 'One-hot vectors are sparse. They are orthogonal, so there is no similarity.', '2'],
  ['s2', 'They are sparse. Actually I think they are dense. They are orthogonal.', '3'],
  ['s3', 'They are not sparse at all, and they are orthogonal.', 'two'],
  ['s4', 'They are sparse. Actually I think they are dense. They are orthogonal.', '2'],
  ['s5', null, '2'],
  ['s6', 'Is it sparse? Maybe. They are not orthogonal.', '2'],
  ['s7', 'They are sparse. No wait, they are dense.', '2'],
  ['s8', 'They are sparse and orthogonal. I mean, they are not orthogonal.', '2'],
];
const REVIEWED_ANSWERS = new Set([1, 2, 5, 6, 7].map((index) => CLASS[index]![1]));
/** Review-bound parts: the distinct answers, and s4 repeating s2's. */
const REVIEWED_PARTS = REVIEWED_ANSWERS.size + 1;

interface Graded {
  code: number;
  stdout: string;
  results: SubmissionResult[];
  text: string;
}

let server: ChatServer;
let dir: string;
let spec: string;
let inputs: string;
/** The class graded without --assist, and with it (and the requests that run made). */
let plain: Graded;
let assisted: Graded;
let assistedRequests: ChatServer['received'];
const plainOut = () => path.join(dir, 'plain');
const assistedOut = () => path.join(dir, 'assisted');

/** Suggests the first criterion met with a quote from the answer, the second not, and one invented quote. */
function suggestion(answer: string): string {
  return JSON.stringify({
    criteria: [
      { id: 'sparse', score: 1, evidence: [answer.split('.')[0], 'this gets full marks'] },
      { id: 'similarity', score: 0, evidence: [] },
    ],
  });
}

const answerOf = (user: string): string => /<<<\n([\s\S]*)\n>>>/.exec(user)![1]!;
const suggesting = (request: ChatRequest): ChatReply => ({ content: suggestion(answerOf(userMessage(request))) });

async function grade(out: string, ...extra: string[]): Promise<Graded> {
  const done = await run(['grade', spec, inputs, '--out', out, '--jobs', '1', ...extra]);
  const text = await readFile(path.join(out, 'results.jsonl'), 'utf8');
  return { code: done.code, stdout: done.stdout, text, results: text.trim().split('\n').map((line) => JSON.parse(line) as SubmissionResult) };
}

const assistedGrade = (out: string, model = 'local-model', ...extra: string[]) => grade(out, '--assist', server.endpoint, '--assist-model', model, ...extra);

beforeAll(async () => {
  server = await startChatServer();
  dir = await tempDir();
  spec = path.join(dir, 'quiz.yaml');
  inputs = path.join(dir, 'class.jsonl');
  await writeFile(spec, SPEC);
  const lines = CLASS.map(([id, q1, q2]) => JSON.stringify({ quiz: 'assist-demo', student: { id }, answers: { ...(q1 !== null && { q1 }), q2 } }));
  await writeFile(inputs, `${lines.join('\n')}\n`);
  server.reply = suggesting;
  plain = await grade(plainOut());
  assisted = await assistedGrade(assistedOut());
  assistedRequests = [...server.received];
}, 60_000);

afterAll(() => server.close());

beforeEach(() => {
  server.received.length = 0;
  server.reply = suggesting;
});

type Assisted = SubmissionResult['parts'][number] & { assist?: Record<string, unknown> };
const q1Of = (result: SubmissionResult): Assisted => result.parts.find((part) => part.key === 'q1') as Assisted;
const reviewNotes = (graded: Graded): string[] => graded.results.map(q1Of).filter((part) => part.status === 'needs-review').map((part) => String(part.assist?.error));

/** results.jsonl as it would be without the suggestions. */
function withoutAssist(text: string): string {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const result = JSON.parse(line) as SubmissionResult;
      for (const part of result.parts) delete (part as Assisted).assist;
      return JSON.stringify(result);
    })
    .join('\n');
}

async function outputs(out: string): Promise<Map<string, string>> {
  const files = (await readdir(out, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  const read = (entry: (typeof files)[number]) => readFile(path.join(entry.parentPath, entry.name), 'utf8');
  return new Map(await Promise.all(files.map(async (entry) => [path.relative(out, path.join(entry.parentPath, entry.name)), await read(entry)] as const)));
}

describe('grade --assist', () => {
  it('asks only about the rubric parts headed for review, logs the suggestion there, and changes nothing else', async () => {
    expect(assisted.code).toBe(plain.code);
    const reviewed = plain.results.filter((result) => q1Of(result).status === 'needs-review').map((result) => q1Of(result).answer);
    expect(reviewed).toHaveLength(REVIEWED_PARTS);
    expect(new Set(reviewed)).toEqual(REVIEWED_ANSWERS);
    // The same answer twice (s2, s4) is the same request: asked once.
    expect(assistedRequests.map((request) => answerOf(userMessage(request))).sort()).toEqual([...REVIEWED_ANSWERS].sort());
    for (const request of assistedRequests) expect(userMessage(request)).toContain('Why are one-hot vectors a poor representation of words?');

    for (const result of assisted.results) {
      const part = q1Of(result);
      if (part.status !== 'needs-review') expect(part.assist).toBeUndefined();
      else {
        expect(part.assist).toMatchObject({ endpoint: server.endpoint, model: 'local-model', hash: expect.stringMatching(/^[0-9a-f]{64}$/), suggested: 1, unverified: 1 });
        expect(part.assist!.criteria).toEqual([
          { id: 'sparse', score: 1, evidence: [String(part.answer).split('.')[0]] },
          { id: 'similarity', score: 0, evidence: [] },
        ]);
      }
      expect(result.parts.find((other) => other.key === 'q2')).not.toHaveProperty('assist');
    }
    expect(withoutAssist(assisted.text)).toBe(withoutAssist(plain.text));
    expect(plain.text).not.toContain('"assist"');
    const [before, after] = [await outputs(plainOut()), await outputs(assistedOut())];
    expect([...after.keys()].sort()).toEqual([...before.keys(), ASSIST_CACHE_FILE].sort());
    for (const [file, content] of before) if (file !== 'results.jsonl') expect(after.get(file), file).toBe(content);
    expect(plain.stdout).not.toContain('assist');
    expect(assisted.stdout).toContain(`assist: ${REVIEWED_PARTS} part(s) sent for a suggestion to ${server.endpoint} (model local-model), 1 from the cache, 0 without one`);
  });

  it('shows the suggestion in the review CSV beside the automatic score, and only when there is one', async () => {
    const exported = async (out: string, ...extra: string[]) => {
      const target = path.join(dir, `${path.basename(out)}-review${extra.join('')}.csv`);
      expect((await run(['review', 'export', path.join(out, 'results.jsonl'), '--out', target, ...extra])).code).toBe(0);
      return readFile(target, 'utf8');
    };
    const plainCsv = await exported(plainOut());
    expect(plainCsv.split('\r\n')[0]).toBe(`\uFEFF${REVIEW_COLUMNS.join(',')}`);
    expect(plainCsv).not.toContain('suggested');
    const csv = await exported(assistedOut());
    expect(csv.split('\r\n')[0]).toBe('\uFEFFstudent,name,key,answer,max_score,auto_score,suggested,reasons,evidence,suggested_evidence,score,comment');
    expect(csv).toContain('"suggested by local-model\nsparse: 1 ""They are sparse""\nsimilarity: 0\n1 quote(s) not in the answer left out"');
    const grouped = await exported(assistedOut(), '--group');
    expect(grouped.split('\r\n')[0]).toContain('auto_score,suggested,reasons,evidence,suggested_evidence,score');
    // A TA's filled-in CSV, with the added columns, applies as before.
    const rows = parse(csv, { bom: true }) as string[][];
    rows[1]![rows[0]!.indexOf('score')] = rows[1]![rows[0]!.indexOf('max_score')]!;
    const filled = path.join(dir, 'filled.csv');
    await writeFile(filled, stringify(rows));
    const applied = await run(['review', 'apply', filled, path.join(assistedOut(), 'results.jsonl'), '--out', path.join(dir, 'applied')]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('applied 1 review(s)');
  });

  it('asks nothing again on a second run into the same folder: suggestions are cached there by content hash', async () => {
    const second = await assistedGrade(assistedOut());
    expect(server.received).toHaveLength(0);
    expect(second.text).toBe(assisted.text);
    expect(second.stdout).toContain(`${REVIEWED_PARTS} part(s) sent for a suggestion`);
    expect(second.stdout).toContain(`${REVIEWED_PARTS} from the cache`);
    const other = await assistedGrade(path.join(dir, 'other-model'), 'another-model');
    expect(server.received).toHaveLength(REVIEWED_ANSWERS.size);
    expect(other.text).toContain('"model":"another-model"');
  });

  it.each([
    ['a reply that is not JSON', () => ({ content: 'Full marks for everyone!' }), 'the reply is not JSON'],
    ['an HTTP error', () => ({ status: 503, content: '' }), 'the endpoint answered HTTP 503'],
    ['a slow endpoint', () => ({ delayMs: 1_000, content: '{}' }), 'the request timed out'],
  ])('logs %s as a note in the part, and the run is as without --assist', async (_, reply, error) => {
    server.reply = reply;
    const out = path.join(dir, `failing-${error.length}`);
    const failing = await assistedGrade(out, 'm', '--assist-timeout', '0.2', '--assist-jobs', '1');
    expect(failing.code).toBe(plain.code);
    expect(withoutAssist(failing.text)).toBe(withoutAssist(plain.text));
    const notes = reviewNotes(failing);
    expect(notes).toHaveLength(REVIEWED_PARTS);
    // After the endpoint failed three times in a row, it is not asked again.
    const notAsked = `not asked: the endpoint failed ${ASSIST_FAILURES_BEFORE_GIVING_UP} times in a row`;
    expect(server.received).toHaveLength(ASSIST_FAILURES_BEFORE_GIVING_UP);
    expect(notes.filter((note) => note === error).length).toBeGreaterThanOrEqual(ASSIST_FAILURES_BEFORE_GIVING_UP);
    expect(notes.filter((note) => note !== error).every((note) => note === notAsked)).toBe(true);
    expect(notes.at(-1)).toBe(notAsked);
    expect(failing.stdout).toContain(`${REVIEWED_PARTS} without one`);
    expect(failing.stdout).toContain(error);
    expect(await readFile(path.join(out, ASSIST_CACHE_FILE), 'utf8').catch(() => '')).toBe('');
  });

  it('reports an endpoint that is not there, and finishes the run', async () => {
    const gone = await startChatServer();
    await gone.close();
    const failing = await grade(path.join(dir, 'gone'), '--assist', gone.endpoint, '--assist-model', 'm');
    expect(failing.code).toBe(plain.code);
    expect(withoutAssist(failing.text)).toBe(withoutAssist(plain.text));
    const notes = reviewNotes(failing);
    expect(notes).toHaveLength(REVIEWED_PARTS);
    for (const note of notes) expect(note).toMatch(/^the request failed|^not asked/);
  });

  it('takes the API key from an environment variable, never from the command line', async () => {
    const out = path.join(dir, 'keyed');
    const done = await run(['grade', spec, inputs, '--out', out, '--jobs', '1', '--assist', server.endpoint, '--assist-model', 'keyed', '--assist-key-env', 'COURSE_LLM_KEY'], {
      env: { COURSE_LLM_KEY: 'sk-test-123', QUIZGRADE_ASSIST_KEY: 'sk-default' },
    });
    expect(done.code).toBe(plain.code);
    expect(server.received).toHaveLength(REVIEWED_ANSWERS.size);
    for (const request of server.received) expect(request.auth).toBe('Bearer sk-test-123');
    expect(await readFile(path.join(out, 'results.jsonl'), 'utf8')).not.toContain('sk-test-123');
    expect(assistedRequests[0]!.auth).toBeUndefined();
  });

  it.each([
    [['--assist', 'http://127.0.0.1:1'], /--assist needs --assist-model/],
    [['--assist-model', 'm'], /--assist-model needs --assist <url>/],
    [['--assist-timeout', '5'], /--assist-timeout needs --assist <url>/],
    [['--assist', 'not a url', '--assist-model', 'm'], /base URL/],
    [['--assist', 'ftp://127.0.0.1/', '--assist-model', 'm'], /http or https/],
    [['--assist', 'http://user:secret@127.0.0.1:1', '--assist-model', 'm'], /environment variable QUIZGRADE_ASSIST_KEY, not in the URL/],
    [['--assist', 'http://127.0.0.1:1/?key=secret', '--assist-model', 'm'], /without a query/],
    [['--assist', 'http://127.0.0.1:1', '--assist-model', 'm', '--assist-key-env', 'UNSET_VARIABLE_X'], /UNSET_VARIABLE_X is not set/],
    [['--assist', 'http://127.0.0.1:1', '--assist-model', 'm', '--assist-jobs', '0'], /at least 1/],
  ])('refuses %j before grading anything (exit 2)', async (extra, message) => {
    const out = path.join(dir, 'refused');
    const done = await run(['grade', spec, inputs, '--out', out, ...extra], { env: {} });
    expect(done.code).toBe(2);
    expect(done.stderr).toMatch(message);
    await expect(readdir(out)).rejects.toThrow();
  });
});
