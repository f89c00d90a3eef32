/**
 * Lexical closeness of an answer's sentences to a criterion's model sentences
 * (its `examples`, and its description), to find paraphrases the phrases miss.
 *
 * The measure is TF-IDF cosine over stems: each text is the bag of its content
 * words' stems (function words and negators left out; negation is judged by
 * the phrases), weighted by tf × idf, with idf = ln(1 + N / df) over the N
 * model sentences of the rubric (a stem no model sentence has weighs as one
 * that only one has). Cosine is 1 for the same bag and 0 for no shared stem.
 * It says that the answer uses the criterion's words, not that it means the
 * same, so it only ever sends an answer to review.
 */
import type { Token } from './tokenize.ts';

type Vector = Map<string, number>;

interface Model {
  criterion: number;
  vector: Vector;
  norm: number;
}

/** How a stem is looked up: as it is, or (a sealed quiz) by its salted hash. */
export type StemKey = (stem: string) => string;
const asWritten: StemKey = (stem) => stem;

function bag(tokens: readonly Token[], key: StemKey): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) {
    if (token.stop || token.negator) continue;
    const stem = key(token.stem);
    counts.set(stem, (counts.get(stem) ?? 0) + 1);
  }
  return counts;
}

/** The models as JSON, each stem replaced by its key. */
export interface ModelSentencesState {
  idf: [string, number][];
  unseenIdf: number;
  models: { criterion: number; vector: [string, number][]; norm: number }[];
}

function norm(vector: Vector): number {
  let sum = 0;
  for (const weight of vector.values()) sum += weight * weight;
  return Math.sqrt(sum);
}

export interface Closest {
  criterion: number;
  similarity: number;
  /** The sentence's tokens. */
  tokens: Token[];
}

/** The model sentences of one rubric, by criterion index. */
export class ModelSentences {
  private readonly idf = new Map<string, number>();
  private unseenIdf: number;
  private readonly models: Model[] = [];

  constructor(sentences: readonly { criterion: number; tokens: readonly Token[] }[], private readonly key: StemKey = asWritten) {
    const bags = sentences.map((sentence) => bag(sentence.tokens, key));
    const df = new Map<string, number>();
    for (const counts of bags) for (const stem of counts.keys()) df.set(stem, (df.get(stem) ?? 0) + 1);
    const total = Math.max(sentences.length, 1);
    for (const [stem, count] of df) this.idf.set(stem, Math.log(1 + total / count));
    this.unseenIdf = Math.log(1 + total);
    sentences.forEach((sentence, index) => {
      const vector = this.weigh(bags[index]!);
      const length = norm(vector);
      if (length > 0) this.models.push({ criterion: sentence.criterion, vector, norm: length });
    });
  }

  get size(): number {
    return this.models.length;
  }

  /** The weights with each stem replaced by `key(stem)`: what a sealed quiz carries. */
  state(key: StemKey): ModelSentencesState {
    const keyed = (vector: Vector): [string, number][] => [...vector].map(([stem, weight]) => [key(stem), weight]);
    return { idf: keyed(this.idf), unseenIdf: this.unseenIdf, models: this.models.map((model) => ({ ...model, vector: keyed(model.vector) })) };
  }

  /** Models rebuilt from `state`; answers' stems are looked up by `key`, as the state was made. */
  static fromState(state: ModelSentencesState, key: StemKey): ModelSentences {
    const models = new ModelSentences([], key);
    for (const [stem, weight] of state.idf) models.idf.set(stem, weight);
    models.unseenIdf = state.unseenIdf;
    for (const model of state.models) models.models.push({ ...model, vector: new Map(model.vector) });
    return models;
  }

  private weigh(counts: Map<string, number>): Vector {
    const vector: Vector = new Map();
    for (const [stem, count] of counts) vector.set(stem, count * (this.idf.get(stem) ?? this.unseenIdf));
    return vector;
  }

  /** For each criterion in `criteria`, the answer sentence closest to one of its model sentences. */
  closest(sentences: readonly Token[][], criteria: ReadonlySet<number>): Closest[] {
    const best = new Map<number, Closest>();
    for (const tokens of sentences) {
      const vector = this.weigh(bag(tokens, this.key));
      const length = norm(vector);
      if (length === 0) continue;
      for (const model of this.models) {
        if (!criteria.has(model.criterion)) continue;
        let dot = 0;
        for (const [stem, weight] of model.vector) dot += weight * (vector.get(stem) ?? 0);
        const similarity = dot / (length * model.norm);
        const known = best.get(model.criterion);
        if (known === undefined || similarity > known.similarity) best.set(model.criterion, { criterion: model.criterion, similarity, tokens });
      }
    }
    return [...best.values()].sort((a, b) => a.criterion - b.criterion);
  }
}
