/**
 * `grade --assist <url>`: between the grading pool and the results writer, the
 * rubric parts headed for review are sent to the endpoint (suggestScores) and
 * the suggestion, or why there is none, is logged in the part's result as
 * `assist`. Scores, statuses and every other byte of the line stay as graded.
 *
 * Results keep their input order: up to ASSIST_WINDOW records are in the stage
 * at once, and at most `concurrency` requests are in flight. The endpoint
 * failing (down, slow, garbage) is a note in the part, never a failed run.
 */
import { appendFile, readFile } from 'node:fs/promises';
import pLimit from 'p-limit';
import { pMapIterable } from 'p-map';
import type { RubricCriterionOptions } from '../../graders/rubric.ts';
import type { Part, Quiz } from '../quiz/model.ts';
import { roundScore } from '../quiz/compile.ts';
import type { PartResult, SubmissionResult } from '../types.ts';
import { ASSIST_CONCURRENCY_DEFAULT, ASSIST_MAX_ANSWER_CHARS, suggestScores, type AssistCache, type AssistInput, type AssistSuggestion, type CriterionSuggestion } from './index.ts';

/** Records the stage holds at once (graded, waiting for a suggestion or for an earlier record). */
export const ASSIST_WINDOW = 256;
/** After this many failed requests in a row, the endpoint is not asked again in this run. */
export const ASSIST_FAILURES_BEFORE_GIVING_UP = 3;
/** Suggestions kept across runs, in the output folder, by the request's content hash. */
export const ASSIST_CACHE_FILE = 'assist-cache.jsonl';

export interface AssistSettings {
  /** Base URL of an OpenAI-compatible server (`http://127.0.0.1:11434`). */
  endpoint: string;
  model: string;
  apiKey?: string;
  timeoutMs?: number;
  seed?: number;
  concurrency?: number;
  /** The fetch to use (tests); the global one by default. */
  fetch?: typeof fetch;
}

/** What a part's result holds as `assist`: the suggestion with its total, or the failure. */
export type PartAssist = { endpoint: string; model: string; hash?: string } & (
  | { suggested: number; criteria: CriterionSuggestion[]; unverified: number }
  | { error: string }
);

/** What the stage did, for the run's summary. */
export interface AssistSummary {
  endpoint: string;
  model: string;
  /** Parts a suggestion was asked for. */
  parts: number;
  /** Of those, answered from the cache (this run's or an earlier one's). */
  cached: number;
  /** Of those, without a suggestion, with each distinct reason. */
  failed: number;
  errors: string[];
  /** The cache could not be read or written (the run goes on without it). */
  cacheProblem?: string;
}

/** A graded record as the pool hands it on: its results.jsonl line and its lean result. */
interface GradedLine {
  line: Uint8Array;
  result: SubmissionResult;
}

/** The suggestions of earlier runs, appended to as this run gets new ones. */
class FileCache implements AssistCache {
  private readonly entries = new Map<string, AssistSuggestion>();
  private writes: Promise<void> = Promise.resolve();
  problem?: string;

  private constructor(private readonly file: string) {}

  static async open(file: string): Promise<FileCache> {
    const cache = new FileCache(file);
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') cache.problem = `cannot read ${file}: ${(error as Error).message}`;
    }
    for (const line of text.split('\n')) {
      try {
        const entry = JSON.parse(line) as { hash?: unknown; suggestion?: AssistSuggestion };
        if (typeof entry.hash === 'string' && Array.isArray(entry.suggestion?.criteria)) cache.entries.set(entry.hash, entry.suggestion);
      } catch {
        // A torn last line of an interrupted run, or an empty one: that entry is asked again.
      }
    }
    return cache;
  }

  get(hash: string): AssistSuggestion | undefined {
    return this.entries.get(hash);
  }

  set(hash: string, suggestion: AssistSuggestion): void {
    this.entries.set(hash, suggestion);
    const line = `${JSON.stringify({ hash, suggestion })}\n`;
    this.writes = this.writes.then(() =>
      appendFile(this.file, line).catch((error: Error) => {
        this.problem ??= `cannot write ${this.file}: ${error.message}`;
      }),
    );
  }

  flush(): Promise<void> {
    return this.writes;
  }
}

/** The question as the endpoint reads it: the question's title and prompt, and the part's title. */
function questionText(quiz: Quiz, part: Part): string {
  const question = quiz.questions.find((candidate) => candidate.parts.includes(part));
  return [question?.title, question?.prompt, part.title].filter((text): text is string => typeof text === 'string' && text.trim() !== '').join('\n\n');
}

/** The rubric parts' requests, by part key: what is the same for every answer. */
function rubricInputs(quiz: Quiz): Map<string, { question: string; criteria: AssistInput['criteria']; maxPoints: number; points: number }> {
  const inputs = new Map<string, { question: string; criteria: AssistInput['criteria']; maxPoints: number; points: number }>();
  for (const part of quiz.parts) {
    if (part.grader?.name !== 'rubric' || part.compiled === undefined) continue;
    const criteria = (part.answer.criteria as RubricCriterionOptions[]).map(({ id, points, description }) => ({ id, points, description }));
    const maxPoints = criteria.reduce((sum, criterion) => sum + Math.max(criterion.points, 0), 0);
    inputs.set(part.key, { question: questionText(quiz, part), criteria, maxPoints, points: part.points });
  }
  return inputs;
}

export class AssistStage {
  private readonly inputs: ReturnType<typeof rubricInputs>;
  private readonly limit: ReturnType<typeof pLimit>;
  private failuresInARow = 0;
  /** Requests under way, by part and answer: a second student's equal answer waits for the first's. */
  private readonly asking = new Map<string, Promise<PartAssist>>();
  private readonly summary: AssistSummary;
  private readonly errors = new Set<string>();

  private constructor(quiz: Quiz, private readonly settings: AssistSettings, private readonly cache: FileCache) {
    this.inputs = rubricInputs(quiz);
    this.limit = pLimit(settings.concurrency ?? ASSIST_CONCURRENCY_DEFAULT);
    this.summary = { endpoint: settings.endpoint, model: settings.model, parts: 0, cached: 0, failed: 0, errors: [] };
  }

  /** A stage whose cache is `cacheFile` (read now, appended to as suggestions come). */
  static async open(quiz: Quiz, settings: AssistSettings, cacheFile: string): Promise<AssistStage> {
    return new AssistStage(quiz, settings, await FileCache.open(cacheFile));
  }

  /** Whether a part's result is headed for review and is a rubric answer the endpoint can read. */
  private wants(part: PartResult): boolean {
    return part.status === 'needs-review' && this.inputs.has(part.key) && typeof part.answer === 'string' && part.answer.length <= ASSIST_MAX_ANSWER_CHARS;
  }

  /** The records, in order, each with its review-bound rubric parts' suggestions logged in its line. */
  process<T extends GradedLine>(records: AsyncIterable<T>): AsyncIterable<T> {
    return pMapIterable(records, (record) => this.assistRecord(record), { concurrency: ASSIST_WINDOW });
  }

  private async assistRecord<T extends GradedLine>(record: T): Promise<T> {
    const wanted = record.result.parts.flatMap((part, index) => (this.wants(part) ? [index] : []));
    if (wanted.length === 0) return record;
    const result = JSON.parse(new TextDecoder().decode(record.line)) as SubmissionResult;
    for (const index of wanted) {
      const part = result.parts[index]!;
      (part as PartResult & { assist: PartAssist }).assist = await this.assistPart(part);
    }
    return { ...record, line: new TextEncoder().encode(`${JSON.stringify(result)}\n`) };
  }

  /** The part's suggestion: asked, or shared with an equal answer's request under way. */
  private async assistPart(part: PartResult): Promise<PartAssist> {
    this.summary.parts++;
    const key = JSON.stringify([part.key, part.answer]);
    const asking = this.asking.get(key);
    if (asking !== undefined) {
      const shared = await asking;
      if ('error' in shared) this.summary.failed++;
      else this.summary.cached++;
      return shared;
    }
    const request = this.limit(() => this.ask(part));
    this.asking.set(key, request);
    try {
      return await request;
    } finally {
      this.asking.delete(key);
    }
  }

  private async ask(part: PartResult): Promise<PartAssist> {
    const { endpoint, model } = this.settings;
    const rubric = this.inputs.get(part.key)!;
    if (this.failuresInARow >= ASSIST_FAILURES_BEFORE_GIVING_UP) {
      return this.failed({ endpoint, model, error: `not asked: the endpoint failed ${ASSIST_FAILURES_BEFORE_GIVING_UP} times in a row` });
    }
    const outcome = await suggestScores(endpoint, { question: rubric.question, criteria: rubric.criteria, answer: part.answer as string }, {
      model,
      cache: this.cache,
      ...(this.settings.seed !== undefined && { seed: this.settings.seed }),
      ...(this.settings.timeoutMs !== undefined && { timeoutMs: this.settings.timeoutMs }),
      ...(this.settings.apiKey !== undefined && { apiKey: this.settings.apiKey }),
      ...(this.settings.fetch !== undefined && { fetch: this.settings.fetch }),
    });
    const { hash } = outcome.log;
    if (!outcome.ok) {
      this.failuresInARow++;
      return this.failed({ endpoint, model, hash, error: outcome.error });
    }
    this.failuresInARow = 0;
    if (outcome.log.cached) this.summary.cached++;
    const { criteria, unverified } = outcome.suggestion;
    // Scored as the grader scores: the sum clamped to [0, max], scaled to the part's points.
    const sum = criteria.reduce((total, criterion) => total + criterion.score, 0);
    const suggested = roundScore((Math.min(Math.max(sum, 0), rubric.maxPoints) / rubric.maxPoints) * rubric.points);
    return { endpoint, model, hash, suggested, criteria, unverified };
  }

  private failed(assist: PartAssist & { error: string }): PartAssist {
    this.summary.failed++;
    this.errors.add(assist.error);
    return assist;
  }

  /** Waits for the cache's writes; what the stage did. */
  async finish(): Promise<AssistSummary> {
    await this.cache.flush();
    return { ...this.summary, errors: [...this.errors], ...(this.cache.problem !== undefined && { cacheProblem: this.cache.problem }) };
  }
}

/** One line for the run's summary. */
export function describeAssist(summary: AssistSummary): string {
  const counts = `${summary.parts} part(s) sent for a suggestion to ${summary.endpoint} (model ${summary.model}), ${summary.cached} from the cache, ${summary.failed} without one`;
  const notes = [...summary.errors.map((error) => `  ${error}`), ...(summary.cacheProblem === undefined ? [] : [`  ${summary.cacheProblem}`])];
  return [`assist: ${counts}`, ...notes].join('\n');
}
