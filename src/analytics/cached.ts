/** The class analysis computed once per report input, however many reporters read it. */
import { analyzeClass, type ClassAnalysis } from './class-analysis.ts';
import type { ClassReportInput } from '../reporters/types.ts';

const analyses = new WeakMap<ClassReportInput, ClassAnalysis>();

export function analysisOf(input: ClassReportInput): ClassAnalysis {
  let analysis = analyses.get(input);
  if (analysis === undefined) {
    analysis = analyzeClass(input);
    analyses.set(input, analysis);
  }
  return analysis;
}
