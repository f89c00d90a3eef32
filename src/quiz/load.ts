/**
 * Loading a quiz from files: a YAML file, or a folder of `quiz.yaml` plus one
 * file per question, read and handed to the compiler (src/quiz/compile.ts).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { SpecError, type Diagnostic } from './errors.ts';
import type { Quiz } from './model.ts';
import { compileSpec, prepareQuiz, SourceMap, SPEC_MAX_BYTES, type PathSegment } from './compile.ts';
import { QUIZ_FOLDER_ENTRY } from './schema.ts';
import { expandSpecWordNet } from '../text/wordnet.ts';

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
  return sources.addYaml(shown, await readFile(file, 'utf8'), mountedAt, problems);
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

/** Loads, checks and compiles a quiz from its file or folder. Throws `SpecError` listing every problem. */
export async function loadQuiz(specPath: string): Promise<Quiz> {
  const sources = new SourceMap(displayPath(specPath));
  const problems: Diagnostic[] = [];
  const raw = await readSpec(specPath, sources, problems);
  if (problems.length > 0 || raw === undefined) throw new SpecError(problems);
  // WordNet is read here, in Node, so the compiled quiz carries the synonyms and grading never needs it.
  return prepareQuiz(compileSpec(expandSpecWordNet(raw), sources, specPath));
}
