/** The summary a class run prints: counts by status, score statistics, problems and duplicates. */
import type { SubmissionResult } from '../types.ts';
import { printable } from '../util/printable.ts';

/** Lines of invalid or failed inputs printed in full; the rest are counted. */
const PROBLEM_LINES_SHOWN = 20;

/** What the run's summary needs, gathered result by result: never the results themselves. */
export class RunTally {
  private readonly byStatus: Record<SubmissionResult['status'], number> = { graded: 0, invalid: 0, error: 0 };
  private readonly scores: number[] = [];
  private readonly problems: string[] = [];
  private readonly duplicates = new Map<string, number[]>();
  private count = 0;
  private reviews = 0;
  private maxScore = 0;

  add(result: SubmissionResult): void {
    this.count++;
    this.byStatus[result.status]++;
    this.maxScore = result.maxScore;
    if (result.status === 'graded') this.scores.push(result.score);
    else if (this.problems.length < PROBLEM_LINES_SHOWN) {
      this.problems.push(`  ${result.status}: ${printable(result.source ?? result.student.id)}: ${printable(result.errors.join('; '))}`);
    }
    for (const part of result.parts) if (part.status === 'needs-review') this.reviews++;
    if (result.duplicateOf !== undefined && result.position !== undefined) {
      const id = result.student.id;
      this.duplicates.set(id, [...(this.duplicates.get(id) ?? [result.duplicateOf]), result.position]);
    }
  }

  allGraded(): boolean {
    return this.byStatus.graded === this.count;
  }

  /** The lines to print; `unmatched` says what the LMS exports left out, when anything. */
  summary(written: string, resumed = 0, unmatched?: string): string {
    const { graded, invalid, error } = this.byStatus;
    const scores = Float64Array.from(this.scores).sort();
    const mean = scores.length ? scores.reduce((sum, score) => sum + score, 0) / scores.length : 0;
    const median = scores.length ? (scores[(scores.length - 1) >> 1]! + scores[scores.length >> 1]!) / 2 : 0;
    const unlisted = invalid + error - this.problems.length;
    const lines = [
      `${this.count} inputs -> ${this.count} results: ${graded} graded, ${invalid} invalid${error ? `, ${error} failed` : ''}${this.reviews ? `; ${this.reviews} answers need review` : ''}`,
      scores.length
        ? `score of graded submissions: mean ${mean.toFixed(2)} / ${this.maxScore}, median ${median}, min ${scores[0]}, max ${scores[scores.length - 1]}`
        : 'no graded submissions',
      ...this.problems,
      ...(unlisted > 0 ? [`  ... and ${unlisted} more (see summary.json and report.html)`] : []),
      ...[...this.duplicates].map(([id, positions]) => `  duplicate student id ${printable(id)}: inputs ${positions.join(', ')} (all kept)`),
      ...(resumed > 0 ? [`resumed: ${resumed} results were already in results.jsonl`] : []),
      ...(unmatched === undefined ? [] : [unmatched]),
      written,
    ];
    return `${lines.join('\n')}\n`;
  }
}
