/**
 * The one mathjs instance quizgrade uses: its parser and nothing else. Student
 * input is parsed, never evaluated by mathjs, so no function needs to exist.
 *
 * mathjs' parse dependencies still reach a great deal through evaluation alone
 * (an accessor's `subset`, an index's `size`, and units, which pull in matrices,
 * pow, inv and det); creating those typed functions took about half a second of
 * every start-up. They are left out: `subset` and `size` get stand-ins that
 * throw, and without `Unit` a name such as `m`, `W` or `b` is typeset as the
 * variable it is, never as metres, watts or bits.
 */
import { create, factory, parseDependencies, type FactoryFunctionMap } from 'mathjs';

interface Factory {
  (scope: object): unknown;
  fn: string;
  dependencies: string[];
  isFactory: true;
}

/** Reached only by evaluating a node: stand-ins that say so if ever called. */
const EVALUATION_ONLY = ['subset', 'size'];
/** Optional dependencies of the parser's nodes that only evaluation (or units) uses. */
const LEFT_OUT: ReadonlySet<string> = new Set(['Unit', 'BigNumber', 'Complex', 'Fraction', 'DenseMatrix', 'bignumber', 'fraction', 'matrix']);

function factoriesByName(tree: object, found = new Map<string, Factory>()): Map<string, Factory> {
  for (const value of Object.values(tree)) {
    if (typeof value === 'function' && (value as Partial<Factory>).isFactory === true) found.set((value as Factory).fn, value as Factory);
    else if (value !== null && typeof value === 'object') factoriesByName(value as object, found);
  }
  return found;
}

/** `parse` and what it needs to build nodes, and nothing reached only through evaluation. */
function parserFactories(): FactoryFunctionMap {
  // The typings mark every dependency map optional; this one ships with mathjs.
  const all = factoriesByName(parseDependencies as object);
  for (const name of EVALUATION_ONLY) {
    all.set(name, factory(name, [], () => () => {
      throw new Error(`mathjs ${name}() is not available: quizgrade only parses with mathjs`);
    }) as unknown as Factory);
  }
  const kept = new Map<string, Factory>();
  const keep = (name: string): void => {
    const found = all.get(name);
    if (found === undefined || kept.has(name) || LEFT_OUT.has(name)) return;
    kept.set(name, found);
    for (const dependency of found.dependencies) keep(dependency.replace(/^\?/, ''));
  };
  keep('parse');
  return Object.fromEntries(kept) as unknown as FactoryFunctionMap;
}

export const { parse } = create(parserFactories());
export type { MathNode } from 'mathjs';
