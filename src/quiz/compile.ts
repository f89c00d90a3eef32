/**
 * Compiling a quiz: YAML text -> schema check with ajv -> semantic checks ->
 * each part's grader compiled once. Every problem is collected and reported
 * with its file, line:column and path; nothing half-compiled is ever returned.
 * Pure: no files, so a browser page compiles and grades with the same code
 * (src/quiz/load.ts reads the files).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { ErrorObject } from 'ajv';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { findGrader, graderNames } from '../../graders/index.ts';
import { OptionsError, type AnyGrader } from '../grader.ts';
import { didYouMean, nearestFirst } from '../util/suggest.ts';
import { INDENTATION_ERROR_CODES, indentationHint } from './indentation.ts';
import { formatPath, SpecError, type Diagnostic } from './errors.ts';
import type { CommonAnswerOptions, CompiledMistake, Part, Question, Quiz, SpecLocation } from './model.ts';
import { answerValidator, quizValidator } from './schema.ts';

/** YAML aliases a spec may expand; far more than any quiz needs, far fewer than a "billion laughs". */
export const SPEC_MAX_ALIASES = 100;
/** Largest spec file we read. */
export const SPEC_MAX_BYTES = 5 * 1024 * 1024;
/** Deepest `[`/`{` nesting and widest indentation we hand to the recursive YAML parser. */
export const SPEC_MAX_FLOW_DEPTH = 64;
export const SPEC_MAX_INDENT = 256;

/** The first line that nests deeper than the YAML parser can safely follow, if any. */
function tooDeep(text: string): { line: number; column: number; message: string } | undefined {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\n') {
      line++;
      lineStart = i + 1;
      const indent = /^ */.exec(text.slice(lineStart, lineStart + SPEC_MAX_INDENT + 1))![0].length;
      if (indent > SPEC_MAX_INDENT) return { line, column: 1, message: `indented too deeply (more than ${SPEC_MAX_INDENT} columns)` };
    } else if (char === '[' || char === '{') {
      if (++depth > SPEC_MAX_FLOW_DEPTH) return { line, column: i - lineStart + 1, message: `nested too deeply (more than ${SPEC_MAX_FLOW_DEPTH} levels of [ or {)` };
    } else if (char === ']' || char === '}') {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

export type PathSegment = string | number;

/** One parsed YAML file and where its content sits in the assembled quiz. */
interface SourceFile {
  file: string;
  doc: Document;
  lineCounter: LineCounter;
  /** Path of this file's root inside the assembled quiz (`[]` or `['questions', 3]`). */
  mountedAt: PathSegment[];
}

/** Where a map repeats a scalar key, in the order the keys appear. */
function duplicateKeyOffsets(doc: Document): number[] {
  const offsets: number[] = [];
  const pending: unknown[] = [doc.contents];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        if (isScalar(pair.key)) {
          const key = pair.key.value;
          if (seen.has(key)) offsets.push(pair.key.range?.[0] ?? 0);
          seen.add(key);
        }
        pending.push(pair.value);
      }
    } else if (isSeq(node)) {
      pending.push(...node.items);
    }
  }
  return offsets;
}

/** Where each part of an assembled quiz came from: YAML files, or one object handed over as it is. */
export class SourceMap {
  readonly files: SourceFile[] = [];

  /** `fallback` names the spec in messages when there is no YAML to point into (an object compiled as is). */
  constructor(private readonly fallback = '<spec>') {}

  /**
   * Parses one YAML file's text, mounted at `mountedAt` in the assembled quiz.
   * Its problems are added to `problems`; undefined when it has any.
   */
  addYaml(file: string, text: string, mountedAt: PathSegment[], problems: Diagnostic[]): unknown {
    const deep = tooDeep(text);
    if (deep) {
      problems.push({ file, line: deep.line, column: deep.column, path: '', message: deep.message });
      return undefined;
    }
    const lineCounter = new LineCounter();
    // yaml's own unique-key check compares every pair of keys (20,000 choice options took 16 s): checked here in linear time.
    const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
    this.files.push({ file, doc, lineCounter, mountedAt });
    const errors: { offset: number; message: string; code?: string }[] = doc.errors.map((error) => ({ offset: error.pos[0], message: error.message.split('\n')[0]!, code: error.code }));
    for (const offset of duplicateKeyOffsets(doc)) errors.push({ offset, message: 'duplicate key (YAML map keys must be unique)' });
    for (const { offset, message, code } of errors.sort((x, y) => x.offset - y.offset)) {
      const position = lineCounter.linePos(offset);
      // The yaml message ends "at line L, column C:", which the diagnostic's own position says already.
      const indentation = code !== undefined && INDENTATION_ERROR_CODES.has(code) ? indentationHint(text, position.line) : undefined;
      const shown = indentation === undefined ? message : `${message.replace(/ at line \d+, column \d+:?$/, '')}${indentation.hint}`;
      problems.push({ file, line: position.line, column: indentation?.column ?? position.col, path: '', message: shown });
    }
    if (errors.length > 0) return undefined;
    try {
      return doc.toJS({ maxAliasCount: SPEC_MAX_ALIASES });
    } catch (error) {
      problems.push({ file, line: 1, column: 1, path: '', message: `can't expand the YAML: ${(error as Error).message}` });
      return undefined;
    }
  }

  /** Location of a path of the assembled quiz: the deepest YAML node that exists on it. */
  locate(spec: readonly PathSegment[], { key = false } = {}): SpecLocation {
    const source = this.fileFor(spec);
    if (source === undefined) return { file: this.fallback, line: 1, column: 1, path: formatPath(spec) };
    const inner = spec.slice(source.mountedAt.length);
    let node: unknown = source.doc.contents;
    let offset = (node as Node | null)?.range?.[0] ?? 0;
    for (let i = 0; i < inner.length; i++) {
      const segment = inner[i];
      const last = i === inner.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) break;
        const target = key && last ? pair.key : pair.value;
        node = target;
        offset = (target as Node | null)?.range?.[0] ?? offset;
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
        node = node.items[segment];
        offset = (node as Node | null)?.range?.[0] ?? offset;
      } else {
        break;
      }
    }
    const { line, col } = source.lineCounter.linePos(offset);
    return { file: source.file, line, column: col, path: formatPath(spec) };
  }

  private fileFor(spec: readonly PathSegment[]): SourceFile | undefined {
    let best = this.files[0];
    if (best === undefined) return undefined;
    for (const file of this.files) {
      const mounted = file.mountedAt.every((segment, i) => spec[i] === segment);
      if (mounted && file.mountedAt.length > best.mountedAt.length) best = file;
    }
    return best;
  }
}

class DiagnosticList {
  readonly items: Diagnostic[] = [];
  constructor(private readonly sources: SourceMap) {}

  at(spec: readonly PathSegment[], message: string, options?: { key?: boolean }): void {
    const { path: specPath, ...where } = this.sources.locate(spec, options);
    this.items.push({ ...where, path: specPath, message });
  }
}

/** The per-part seed: stable across runs and machines, different for every part. */
export function partSeed(quizId: string, key: string, quizSeed = 0): number {
  const digest = sha256(new TextEncoder().encode(`${quizId}\u0000${key}\u0000${quizSeed}`));
  return ((digest[0]! << 24) | (digest[1]! << 16) | (digest[2]! << 8) | digest[3]!) >>> 0;
}

function ajvMessage(error: ErrorObject): string {
  switch (error.keyword) {
    case 'type': {
      const types = String(error.params.type).split(',');
      const words = types.map((type) => (type === 'integer' || type === 'array' || type === 'object' ? `an ${type}` : `a ${type}`));
      return `must be ${words.join(' or ')}`;
    }
    case 'required':
      return `missing required key "${error.params.missingProperty}"`;
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return error.message ?? 'is not valid';
  }
}

function ajvPath(instancePath: string): PathSegment[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/** Reports ajv errors, turning `additionalProperties` into "unknown key" with a did-you-mean. */
function reportSchemaErrors(errors: ErrorObject[], base: PathSegment[], known: (at: PathSegment[]) => string[], diagnostics: DiagnosticList): void {
  const seen = new Set<string>();
  for (const error of errors) {
    // anyOf reports each failed branch and then itself: the summary line is enough.
    if (error.keyword !== 'anyOf' && /\/anyOf\//.test(error.schemaPath)) continue;
    const at = [...base, ...ajvPath(error.instancePath)];
    let message: string;
    let target = at;
    let onKey = false;
    if (error.keyword === 'additionalProperties') {
      const extra = String(error.params.additionalProperty);
      target = [...at, extra];
      onKey = true;
      const keys = known(at);
      message = `unknown key "${extra}"${didYouMean(extra, keys)}${keys.length === 0 ? '' : `; the keys here are ${nearestFirst(extra, keys).join(', ')}`}`;
    } else {
      message = ajvMessage(error);
    }
    const id = `${formatPath(target)}|${message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    diagnostics.at(target, message, { key: onKey });
  }
}

function schemaKeys(schema: unknown): string[] {
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties ? Object.keys(properties) : [];
}

type RawAnswer = CommonAnswerOptions;
interface RawPart {
  id: string;
  title?: string;
  prompt?: string;
  points: number;
  answer: RawAnswer;
}
interface RawQuestion {
  id: string;
  title?: string;
  prompt?: string;
  points?: number;
  answer?: RawAnswer;
  parts?: RawPart[];
}
interface RawQuiz {
  quiz: string;
  title?: string;
  description?: string;
  seed?: number;
  timeout?: number;
  definitions?: Record<string, string | number>;
  questions: RawQuestion[];
}

/** The known keys at a path of the quiz skeleton, for did-you-mean. */
function skeletonKeysAt(at: PathSegment[]): string[] {
  const schema = quizValidator.schema as Record<string, unknown>;
  const definitions = (schema.definitions ?? {}) as Record<string, unknown>;
  if (at.length === 0) return schemaKeys(schema);
  if (at.length === 2 && at[0] === 'questions') return schemaKeys(definitions.question);
  if (at.length === 4 && at[2] === 'parts') return schemaKeys(definitions.part);
  return [];
}

function compileAnswer(
  grader: AnyGrader,
  options: RawAnswer,
  answerPath: PathSegment[],
  context: { quizId: string; definitions: Record<string, string>; key: string; seed: number },
  diagnostics: DiagnosticList,
): { compiled: unknown; mistakes: CompiledMistake[] } | undefined {
  const validate = answerValidator(grader);
  if (!validate(options)) {
    reportSchemaErrors(validate.errors ?? [], answerPath, (at) => (at.length === answerPath.length ? schemaKeys(validate.schema) : []), diagnostics);
    return undefined;
  }
  const attempt = (answerOptions: RawAnswer, at: PathSegment[]): { ok: boolean; compiled?: unknown } => {
    try {
      return { ok: true, compiled: grader.compile(answerOptions, context) };
    } catch (error) {
      if (error instanceof OptionsError) diagnostics.at([...at, ...error.path], error.message);
      else diagnostics.at(at, `the ${grader.name} grader can't compile this answer: ${(error as Error).message}`);
      return { ok: false };
    }
  };
  const main = attempt(options, answerPath);
  const mistakes: CompiledMistake[] = [];
  const { expectedKey } = grader;
  (options.mistakes ?? []).forEach((mistake, i) => {
    if (expectedKey === null) {
      diagnostics.at([...answerPath, 'mistakes'], `the ${grader.name} grader takes no mistakes`);
      return;
    }
    const mistakePath = [...answerPath, 'mistakes', i];
    const copy = { ...options, [expectedKey]: mistake.answer, mistakes: [] };
    // The mistake's answer stands where the expected one does: it must fit the same schema.
    if (!validate(copy)) {
      for (const error of validate.errors ?? []) {
        if (error.instancePath === `/${expectedKey}` || error.instancePath.startsWith(`/${expectedKey}/`)) {
          diagnostics.at([...mistakePath, 'answer'], ajvMessage(error));
          return;
        }
      }
    }
    try {
      mistakes.push({ ...mistake, compiled: grader.compile(copy, context) });
    } catch (error) {
      const detail = error instanceof OptionsError ? error.message : (error as Error).message;
      diagnostics.at([...mistakePath, 'answer'], detail);
    }
  });
  return main.ok ? { compiled: main.compiled, mistakes } : undefined;
}

/**
 * Checks and compiles an assembled spec (the YAML's value) whose sources are
 * in `sources`. `source` names the quiz's file or folder. Throws `SpecError`
 * listing every problem.
 */
export function compileSpec(raw: unknown, sources: SourceMap, source: string): Quiz {
  const diagnostics = new DiagnosticList(sources);

  if (!quizValidator(raw)) {
    const errors = quizValidator.errors ?? [];
    reportSchemaErrors(errors, [], skeletonKeysAt, diagnostics);
    // Unknown keys leave the skeleton usable: go on and report the answers' problems too.
    if (errors.some((error) => error.keyword !== 'additionalProperties')) throw new SpecError(diagnostics.items);
  }
  const spec = raw as RawQuiz;
  const definitions = Object.fromEntries(Object.entries(spec.definitions ?? {}).map(([name, body]) => [name, String(body)]));
  const questions: Question[] = [];
  const questionIds = new Map<string, number>();

  spec.questions.forEach((rawQuestion, q) => {
    const questionPath: PathSegment[] = ['questions', q];
    const previous = questionIds.get(rawQuestion.id);
    if (previous !== undefined) diagnostics.at([...questionPath, 'id'], `duplicate question id "${rawQuestion.id}" (also questions[${previous}])`);
    questionIds.set(rawQuestion.id, q);

    const hasParts = rawQuestion.parts !== undefined;
    const hasAnswer = rawQuestion.answer !== undefined;
    if (hasParts === hasAnswer) {
      diagnostics.at(questionPath, hasParts
        ? 'a question has either `parts` or a single `answer` (with `points`), not both'
        : 'a question needs `parts`, or a single `answer` with `points`');
      return;
    }
    if (hasAnswer && rawQuestion.points === undefined) {
      diagnostics.at(questionPath, 'a single-answer question needs `points`');
      return;
    }
    if (hasParts && rawQuestion.points !== undefined) {
      diagnostics.at([...questionPath, 'points'], 'points go on each part when a question has `parts`', { key: true });
    }
    const rawParts: { raw: RawPart; at: PathSegment[]; key: string; part: string | null }[] = hasParts
      ? rawQuestion.parts!.map((part, p) => ({ raw: part, at: [...questionPath, 'parts', p], key: `${rawQuestion.id}.${part.id}`, part: part.id }))
      : [{
          raw: { id: rawQuestion.id, title: rawQuestion.title, points: rawQuestion.points!, answer: rawQuestion.answer! },
          at: questionPath,
          key: rawQuestion.id,
          part: null,
        }];
    const partIds = new Map<string, number>();
    const parts: Part[] = [];
    for (const { raw: rawPart, at, key, part: partId } of rawParts) {
      if (partId !== null) {
        const seenAt = partIds.get(partId);
        if (seenAt !== undefined) diagnostics.at([...at, 'id'], `duplicate part id "${partId}" in question "${rawQuestion.id}"`);
        partIds.set(partId, parts.length);
      }
      const answerPath = [...at, 'answer'];
      const location = sources.locate(answerPath);
      const seed = partSeed(spec.quiz, key, spec.seed);
      const part: Part = {
        key,
        question: rawQuestion.id,
        part: partId,
        title: rawPart.title,
        points: rawPart.points,
        answer: rawPart.answer,
        location,
        mistakes: [],
        seed,
      };
      const grader = findGrader(rawPart.answer.type);
      if (!grader) {
        diagnostics.at([...answerPath, 'type'], `unknown grader type "${rawPart.answer.type}"${didYouMean(rawPart.answer.type, graderNames())}; the graders are ${graderNames().join(', ')}`);
      } else {
        const compiled = compileAnswer(grader, rawPart.answer, answerPath, { quizId: spec.quiz, definitions, key, seed }, diagnostics);
        part.grader = grader;
        if (compiled) {
          part.compiled = compiled.compiled;
          part.mistakes = compiled.mistakes;
        }
      }
      parts.push(part);
    }
    questions.push({ id: rawQuestion.id, title: rawQuestion.title, prompt: rawQuestion.prompt, parts });
  });

  if (diagnostics.items.length > 0) throw new SpecError(diagnostics.items);
  const parts = questions.flatMap((question) => question.parts);
  return {
    id: spec.quiz,
    title: spec.title,
    description: spec.description,
    definitions,
    ...(spec.timeout !== undefined && { timeout: spec.timeout }),
    questions,
    parts,
    maxScore: roundScore(parts.reduce((sum, part) => sum + part.points, 0)),
    source,
  };
}

/** Scores are sums of fractions: keep them free of floating-point dust. */
export function roundScore(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Compiles a spec already parsed into a plain object (a host with no files). Throws `SpecError`. */
/** Loads what the quiz's parts need beyond their compiled state (a grader's `prepare`); a host awaits it before grading. */
export async function prepareQuiz(quiz: Quiz): Promise<Quiz> {
  await Promise.all(quiz.parts.map((part) => part.grader?.prepare?.(part.compiled)));
  return quiz;
}

export function compileQuiz(spec: unknown, source = '<spec>'): Quiz {
  return compileSpec(spec, new SourceMap(source), source);
}

/** Compiles one YAML spec's text; `file` names it in messages. Throws `SpecError`. */
export function compileQuizText(text: string, file = '<spec>'): Quiz {
  const sources = new SourceMap(file);
  const problems: Diagnostic[] = [];
  const raw = sources.addYaml(file, text, [], problems);
  if (problems.length > 0 || raw === undefined) throw new SpecError(problems);
  return compileSpec(raw, sources, file);
}
