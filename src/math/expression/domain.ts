/**
 * The world an expression lives in: the part's variables (scalars or matrices,
 * with the ranges they are sampled from), dimension sizes, and definitions
 * (quiz-wide, overridden by the part's own). Built once per part from its options.
 */
import { OptionsError } from '../../grader.ts';
import type { Expr } from './ast.ts';
import { MATRIX_RANGE_DEFAULT, MAX_EXPANDED_NODES, MAX_SAMPLED_MATRIX_ENTRIES } from './constants.ts';
import type { Dim } from './library.ts';
import { BUILTINS, CONSTANTS } from './library.ts';
import { readExpression } from './parse.ts';

/** How a spec declares a variable: `[lo, hi]`, `{ values: [...] }`, `{ shape: [m, n], range?, values? }`. */
export type VariableSpec =
  | readonly [number, number]
  | { range?: readonly [number, number]; values?: readonly number[]; shape?: readonly [Dim, Dim] };

export interface DomainOptions {
  variables?: Record<string, VariableSpec>;
  dimensions?: Record<string, readonly [number, number]>;
  definitions?: Record<string, string>;
}

export interface VariableDecl {
  name: string;
  /** Index of its value in an evaluation environment. */
  slot: number;
  /** Null for a scalar; sizes are dimension names or numbers. */
  shape: readonly [Dim, Dim] | null;
  /** Declared 1×1: a scalar's shape, but a matrix as written (for the note when compared with a scalar). */
  oneByOne?: true;
  range: readonly [number, number];
  values: readonly number[] | null;
}

export interface DimensionDecl {
  name: string;
  slot: number;
  range: readonly [number, number];
}

export interface Definition {
  name: string;
  /** Null for a symbol (`yhat`), parameter names for a function (`sigmoid(x)`). */
  params: string[] | null;
  source: string;
  /** Parsed body, or why it can't be read (only an error once it is used). */
  body: { ok: true; expr: Expr } | { ok: false; message: string };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DEFINITION_KEY = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(\s*([^()]*?)\s*\))?\s*$/;

function isRange(value: unknown): value is readonly [number, number] {
  return Array.isArray(value) && value.length === 2 && value.every((x) => typeof x === 'number' && Number.isFinite(x)) && value[0] <= value[1];
}

export class Domain {
  readonly variables = new Map<string, VariableDecl>();
  readonly dimensions = new Map<string, DimensionDecl>();
  readonly definitions = new Map<string, Definition>();
  /** Number of value slots (variables then dimensions). */
  readonly slots: number;

  constructor(options: DomainOptions, quizDefinitions: Record<string, string> = {}) {
    let slot = 0;
    for (const [name, range] of Object.entries(options.dimensions ?? {})) {
      if (!NAME.test(name)) throw new OptionsError(`"${name}" is not a valid dimension name.`, ['dimensions', name]);
      if (!isRange(range) || !range.every((x) => Number.isInteger(x) && x >= 1)) {
        throw new OptionsError(`Dimension "${name}" needs a range of whole sizes [lo, hi] with 1 <= lo <= hi.`, ['dimensions', name]);
      }
      this.dimensions.set(name, { name, slot: slot++, range });
    }
    for (const [name, spec] of Object.entries(options.variables ?? {})) {
      if (!NAME.test(name)) throw new OptionsError(`"${name}" is not a valid variable name.`, ['variables', name]);
      if (this.dimensions.has(name)) throw new OptionsError(`"${name}" is declared both as a dimension and as a variable.`, ['variables', name]);
      if (BUILTINS.has(name)) throw new OptionsError(`"${name}" is a built-in function and can't be a variable.`, ['variables', name]);
      this.variables.set(name, this.declareVariable(name, spec, slot++));
    }
    this.slots = slot;
    const merged: [string, string, (string | number)[]][] = [];
    for (const [key, body] of Object.entries(quizDefinitions)) merged.push([key, body, []]);
    for (const [key, body] of Object.entries(options.definitions ?? {})) merged.push([key, body, ['definitions', key]]);
    for (const [key, source, path] of merged) {
      const match = DEFINITION_KEY.exec(key);
      if (!match || typeof source !== 'string') {
        throw new OptionsError(`Definition "${key}" must look like "name" or "name(x, y)" and map to an expression.`, path);
      }
      const name = match[1]!;
      const params = match[2] === undefined ? null : match[2] === '' ? [] : match[2].split(/\s*,\s*/);
      if (params && !params.every((param) => NAME.test(param))) {
        throw new OptionsError(`Definition "${key}": parameters must be names.`, path);
      }
      const parsed = readExpression(source);
      const body = parsed.ok ? { ok: true as const, expr: parsed.expr } : { ok: false as const, message: parsed.message };
      // A part's own definition replaces a quiz definition of the same name.
      this.definitions.set(name, { name, params, source, body });
    }
    this.checkExpandedSizes(new Map(merged.map(([key, , path]) => [DEFINITION_KEY.exec(key)![1]!, { key, path }])));
  }

  /**
   * Definitions that use each other twice per level (`a2: a1 + a1`, `a3: a2 + a2`, ...)
   * grow exponentially once written out, as the CAS and function calls do: their
   * expanded size is capped.
   */
  private checkExpandedSizes(origins: Map<string, { key: string; path: (string | number)[] }>): void {
    const sizes = new Map<string, number>();
    const sizeOf = (name: string): number => {
      const known = sizes.get(name);
      if (known !== undefined) return known;
      sizes.set(name, 1); // a definition that refers to itself is reported when it is bound
      const definition = this.definitions.get(name)!;
      const params = new Set(definition.params ?? []);
      const size = definition.body.ok ? this.expandedSize(definition.body.expr, params, sizeOf) : 1;
      sizes.set(name, size);
      return size;
    };
    for (const name of this.definitions.keys()) {
      const size = sizeOf(name);
      if (size > MAX_EXPANDED_NODES) {
        const { key, path } = origins.get(name)!;
        throw new OptionsError(
          `Definition "${key}" expands to more than ${MAX_EXPANDED_NODES} nodes once the definitions it uses are written out (about ${size.toPrecision(2)}); the limit keeps checking fast.`,
          path,
        );
      }
    }
  }

  private expandedSize(expr: Expr, locals: ReadonlySet<string>, sizeOf: (name: string) => number): number {
    const isDefinition = (name: string): boolean =>
      this.definitions.has(name) && !locals.has(name) && !this.variables.has(name) && !this.dimensions.has(name);
    switch (expr.kind) {
      case 'number':
        return 1;
      case 'symbol':
        return isDefinition(expr.name) ? sizeOf(expr.name) : 1;
      case 'negate':
      case 'transpose':
        return 1 + this.expandedSize(expr.arg, locals, sizeOf);
      case 'binary':
        return 1 + this.expandedSize(expr.left, locals, sizeOf) + this.expandedSize(expr.right, locals, sizeOf);
      case 'call': {
        const args = expr.args.reduce((total, arg) => total + this.expandedSize(arg, locals, sizeOf), 0);
        return (isDefinition(expr.name) ? sizeOf(expr.name) : 1) + args;
      }
    }
  }

  private declareVariable(name: string, spec: VariableSpec, slot: number): VariableDecl {
    const path = ['variables', name];
    if (isRange(spec)) return { name, slot, shape: null, range: spec, values: null };
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
      throw new OptionsError(`Variable "${name}" needs a range [lo, hi] or { values, range, shape }.`, path);
    }
    const { range, values, shape } = spec;
    if (range !== undefined && !isRange(range)) throw new OptionsError(`Variable "${name}": range must be [lo, hi] with lo <= hi.`, [...path, 'range']);
    if (values !== undefined && !(Array.isArray(values) && values.length > 0 && values.every((x) => typeof x === 'number' && Number.isFinite(x)))) {
      throw new OptionsError(`Variable "${name}": values must be a non-empty list of numbers.`, [...path, 'values']);
    }
    let checkedShape: readonly [Dim, Dim] | null = null;
    if (shape !== undefined) {
      if (!Array.isArray(shape) || shape.length !== 2) throw new OptionsError(`Variable "${name}": shape must be [rows, cols].`, [...path, 'shape']);
      checkedShape = [this.resolveDim(shape[0], [...path, 'shape', 0]), this.resolveDim(shape[1], [...path, 'shape', 1])];
      const largest = this.largestSize(checkedShape[0]) * this.largestSize(checkedShape[1]);
      if (largest > MAX_SAMPLED_MATRIX_ENTRIES) {
        throw new OptionsError(
          `Variable "${name}" would be sampled with up to ${largest} entries at each point; the limit is ${MAX_SAMPLED_MATRIX_ENTRIES}: use smaller dimensions.`,
          [...path, 'shape'],
        );
      }
    }
    // A 1×1 matrix gets a matrix's default range, and is then a scalar, as its values are.
    const defaultRange = checkedShape ? MATRIX_RANGE_DEFAULT : undefined;
    const oneByOne = checkedShape !== null && checkedShape[0] === 1 && checkedShape[1] === 1;
    if (oneByOne) checkedShape = null;
    const chosenRange = range ?? defaultRange ?? (values ? ([Math.min(...values), Math.max(...values)] as const) : undefined);
    if (!chosenRange) throw new OptionsError(`Variable "${name}" needs a range or values.`, path);
    return { name, slot, shape: checkedShape, range: chosenRange, values: values ?? null, ...(oneByOne ? { oneByOne } : {}) };
  }

  private largestSize(dim: Dim): number {
    return typeof dim === 'number' ? dim : this.dimensions.get(dim)!.range[1];
  }

  /** A size is a declared dimension (a fixed one becomes its number) or a whole number. */
  private resolveDim(dim: unknown, path: (string | number)[]): Dim {
    if (typeof dim === 'number' && Number.isInteger(dim) && dim >= 1) return dim;
    if (typeof dim === 'string') {
      const declared = this.dimensions.get(dim);
      if (!declared) throw new OptionsError(`Size "${dim}" is not a declared dimension (declare it under dimensions).`, path);
      return declared.range[0] === declared.range[1] ? declared.range[0] : dim;
    }
    throw new OptionsError('A size must be a dimension name or a whole number >= 1.', path);
  }

  /** Whether a bare name means a value here (variable, dimension, symbol definition or constant). */
  isValueName(name: string): boolean {
    if (this.variables.has(name) || this.dimensions.has(name)) return true;
    const definition = this.definitions.get(name);
    if (definition) return definition.params === null;
    return CONSTANTS.has(name);
  }

  /** Whether any declared value is a matrix. */
  hasMatrices(): boolean {
    for (const variable of this.variables.values()) if (variable.shape !== null) return true;
    return false;
  }

  /** Names a student may use as values, for messages. */
  valueNames(): string[] {
    const names = [...this.variables.keys(), ...this.dimensions.keys()];
    for (const definition of this.definitions.values()) if (definition.params === null && !names.includes(definition.name)) names.push(definition.name);
    return names;
  }

  functionNames(): string[] {
    const names = [...BUILTINS.keys()];
    for (const definition of this.definitions.values()) if (definition.params !== null && !names.includes(definition.name)) names.push(definition.name);
    return names;
  }
}
