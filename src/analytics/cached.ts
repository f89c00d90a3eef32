/** The class table and its analysis, computed once per report input however many reporters read them. */
import { tableOf } from './accumulator.ts';
import { analyzeTable, type ClassAnalysis } from './class-analysis.ts';
import type { ClassReportInput, PreparedClass, ResultsInput } from '../reporters/types.ts';

const prepared = new WeakMap<ResultsInput, { length: number; prepared: PreparedClass }>();
const analyses = new WeakMap<PreparedClass, ClassAnalysis>();

/** The compact table of an input: built once for results held in memory (the length check catches an array grown since). */
export function classOf(input: ClassReportInput): PreparedClass {
  if ('table' in input) return input;
  const cached = prepared.get(input);
  if (cached !== undefined && cached.length === input.results.length) return cached.prepared;
  const made: PreparedClass = {
    table: tableOf(input.results, input.quiz),
    ...(input.generatedAt === undefined ? {} : { generatedAt: input.generatedAt }),
  };
  prepared.set(input, { length: input.results.length, prepared: made });
  return made;
}

export function analysisOf(input: ClassReportInput): ClassAnalysis {
  const prepared = classOf(input);
  let analysis = analyses.get(prepared);
  if (analysis === undefined) {
    analysis = analyzeTable(prepared.table, prepared.generatedAt);
    analyses.set(prepared, analysis);
  }
  return analysis;
}
