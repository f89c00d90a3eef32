/**
 * Loading a quiz: YAML (a file, or a folder of `quiz.yaml` plus one file per
 * question) -> schema check with ajv -> semantic checks -> each part's grader
 * compiled once. Every problem is collected and reported with its file,
 * line:column and path; nothing half-loaded is ever returned.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { findGrader, graderNames, PLANNED_GRADER_TYPES } from '../../graders/index.ts';
import { OptionsError, type AnyGrader } from '../grader.ts';
import { didYouMean, nearestFirst } from '../util/suggest.ts';
import { INDENTATION_ERROR_CODES, indentationHint } from './indentation.ts';
import { formatPath, SpecError, type Diagnostic } from './errors.ts';
import type { CommonAnswerOptions, CompiledMistake, Part, Question, Quiz, SpecLocation } from './model.ts';
import { answerValidator, quizValidator, QUIZ_FOLDER_ENTRY } from './schema.ts';

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

type PathSegment = string | number;

/** One parsed YAML file and where its content sits in the assembled quiz. */
interface SourceFile {
  file: string;
  doc: Document;
  lineCounter: LineCounter;
  /** Path of this file's root inside the assembled quiz (`[]` or `['questions', 3]`). */
  mountedAt: PathSegment[];
}

class SourceMap {
  readonly files: SourceFile[] = [];

  /** Location of a path of the assembled quiz: the deepest YAML node that exists on it. */
  locate(spec: readonly PathSegment[], { key = false } = {}): SpecLocation {
    const source = this.fileFor(spec);
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

  private fileFor(spec: readonly PathSegment[]): SourceFile {
    let best = this.files[0]!;
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

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

async function parseYamlFile(file: string, mountedAt: PathSegment[], sources: SourceMap, problems: Diagnostic[]): Promise<unknown> {
  const shown = displayPath(file);
  const info = await stat(file);
  if (info.size > SPEC_MAX_BYTES) {
    problems.push({ file: shown, line: 1, column: 1, path: '', message: `the spec is too large (${info.size} bytes; the limit is ${SPEC_MAX_BYTES})` });
    return undefined;
  }
  const text = await readFile(file, 'utf8');
  const deep = tooDeep(text);
  if (deep) {
    problems.push({ file: shown, line: deep.line, column: deep.column, path: '', message: deep.message });
    return undefined;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  sources.files.push({ file: shown, doc, lineCounter, mountedAt });
  for (const error of doc.errors) {
    const position = lineCounter.linePos(error.pos[0]);
    let message = error.code === 'DUPLICATE_KEY' ? 'duplicate key (YAML map keys must be unique)' : error.message.split('\n')[0]!;
    // The yaml message ends "at line L, column C:", which the diagnostic's own position says already.
    const indentation = INDENTATION_ERROR_CODES.has(error.code) ? indentationHint(text, position.line) : undefined;
    if (indentation !== undefined) message = `${message.replace(/ at line \d+, column \d+:?$/, '')}${indentation.hint}`;
    problems.push({ file: shown, line: position.line, column: indentation?.column ?? position.col, path: '', message });
  }
  if (doc.errors.length > 0) return undefined;
  try {
    return doc.toJS({ maxAliasCount: SPEC_MAX_ALIASES });
  } catch (error) {
    problems.push({ file: shown, line: 1, column: 1, path: '', message: `can't expand the YAML: ${(error as Error).message}` });
    return undefined;
  }
}

/** Reads a spec file, or a folder holding `quiz.yaml` and one YAML file per question. */
async function readSpec(specPath: string, sources: SourceMap, problems: Diagnostic[]): Promise<unknown> {
  const info = await stat(specPath).catch(() => undefined);
  if (!info) {
    problems.push({ file: specPath, line: 1, column: 1, path: '', message: 'no such file or folder' });
    return undefined;
  }
  if (!info.isDirectory()) return parseYamlFile(specPath, [], sources, problems);

  const entry = path.join(specPath, QUIZ_FOLDER_ENTRY);
  const header = await parseYamlFile(entry, [], sources, problems).catch(() => {
    problems.push({ file: displayPath(entry), line: 1, column: 1, path: '', message: `a quiz folder needs a ${QUIZ_FOLDER_ENTRY}` });
    return undefined;
  });
  if (header === undefined || typeof header !== 'object' || header === null) return header;
  const quiz = header as Record<string, unknown>;
  const questions: unknown[] = Array.isArray(quiz.questions) ? [...quiz.questions] : [];
  const files = (await readdir(specPath))
    .filter((name) => /\.ya?ml$/.test(name) && name !== QUIZ_FOLDER_ENTRY)
    .sort();
  for (const name of files) {
    questions.push(await parseYamlFile(path.join(specPath, name), ['questions', questions.length], sources, problems));
  }
  return { ...quiz, questions };
}

/** The per-part seed: stable across runs and machines, different for every part. */
export function partSeed(quizId: string, key: string, quizSeed = 0): number {
  return createHash('sha256').update(`${quizId}\u0000${key}\u0000${quizSeed}`).digest().readUInt32BE(0);
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

interface RawAnswer extends CommonAnswerOptions {}
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

/** Loads, checks and compiles a quiz. Throws `SpecError` listing every problem. */
export async function loadQuiz(specPath: string): Promise<Quiz> {
  const sources = new SourceMap();
  const problems: Diagnostic[] = [];
  const raw = await readSpec(specPath, sources, problems);
  if (problems.length > 0 || raw === undefined) throw new SpecError(problems);
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
  const missingTypes = new Map<string, string[]>();

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
        if (PLANNED_GRADER_TYPES.includes(rawPart.answer.type)) {
          part.unavailable = `the "${rawPart.answer.type}" grader is not available in this version of quizgrade`;
          missingTypes.set(rawPart.answer.type, [...(missingTypes.get(rawPart.answer.type) ?? []), key]);
        } else {
          diagnostics.at([...answerPath, 'type'], `unknown grader type "${rawPart.answer.type}"${didYouMean(rawPart.answer.type, graderNames())}; the graders are ${graderNames().join(', ')}`);
        }
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
    source: specPath,
    missingTypes: Object.fromEntries([...missingTypes].sort(([a], [b]) => a.localeCompare(b))),
  };
}

/** Scores are sums of fractions: keep them free of floating-point dust. */
export function roundScore(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
