/**
 * Validators compiled ahead of time, for the bundles: an esbuild plugin that
 * stands in for `ajv` with ajv's own standalone code for every schema
 * quizgrade checks (the quiz, each grader's answer options, the submission).
 * The CLI then neither loads ajv nor compiles a schema on start-up (about a
 * fifth of `check`); the quiz page gets validators that run under its CSP,
 * which forbids the `new Function` ajv compiles with.
 *
 * A schema is found by its options and its JSON, so a schema that changes
 * without a rebuild is simply not found: the CLI then compiles it with ajv as
 * before (`fallback: 'ajv'`); the page, which compiles no spec, throws.
 */
import { createRequire } from 'node:module';
import type { Options } from 'ajv';
import type { Plugin } from 'esbuild';
import { GRADERS } from '../../graders/index.ts';
import { SUBMISSION_AJV_OPTIONS, SUBMISSION_SCHEMA } from '../core/submission.ts';
import { answerSchema, QUIZ_AJV_OPTIONS, QUIZ_SCHEMA } from '../quiz/schema.ts';

const require = createRequire(import.meta.url);

interface SchemaWithOptions {
  options: Options;
  schema: object;
}

/** Which schemas a bundle carries: every one, or (the quiz page, which compiles no spec) the submission's. */
export type SchemaScope = 'all' | 'submission';

/** The schemas quizgrade compiles, with the options it compiles them with. */
export function knownSchemas(scope: SchemaScope): SchemaWithOptions[] {
  const submission = { options: SUBMISSION_AJV_OPTIONS, schema: SUBMISSION_SCHEMA };
  if (scope === 'submission') return [submission];
  return [
    { options: QUIZ_AJV_OPTIONS, schema: QUIZ_SCHEMA },
    ...GRADERS.map((grader) => ({ options: QUIZ_AJV_OPTIONS, schema: answerSchema(grader) })),
    submission,
  ];
}

/** The key a schema is found by, at build time and at run time alike. */
const KEY_SOURCE = 'JSON.stringify([options ?? {}, schema])';
const keyOf = (options: Options, schema: object): string => JSON.stringify([options ?? {}, schema]);

/** Schemas compiled with the same options share one Ajv, as at run time (the quiz schema's $id is registered once). */
function groupsOf(schemas: SchemaWithOptions[]): { options: Options; indexes: number[] }[] {
  const groups = new Map<string, { options: Options; indexes: number[] }>();
  schemas.forEach(({ options }, index) => {
    const group = groups.get(JSON.stringify(options)) ?? { options, indexes: [] };
    group.indexes.push(index);
    groups.set(JSON.stringify(options), group);
  });
  return [...groups.values()];
}

/** One group's module of standalone validators, `export const v<index> = ...` for each schema in it. */
function validatorsModule(schemas: SchemaWithOptions[], group: { options: Options; indexes: number[] }): string {
  const { Ajv } = require('ajv') as typeof import('ajv');
  const standaloneCode = (require('ajv/dist/standalone') as { default: (ajv: import('ajv').Ajv, refs: Record<string, string>) => string }).default;
  const ajv = new Ajv({ ...group.options, code: { source: true, esm: true } });
  const refs: Record<string, string> = {};
  for (const index of group.indexes) {
    const schema = schemas[index]!.schema;
    const id = (schema as { $id?: string }).$id ?? `quizgrade:precompiled:${index}`;
    ajv.addSchema(schema, id);
    refs[`v${index}`] = id;
  }
  return standaloneCode(ajv, refs);
}

/** Stands in for `ajv`: the precompiled validator of a known schema; for any other, the fallback. */
function standIn(fallback: 'ajv' | 'error', schemas: SchemaWithOptions[]): string {
  const names = schemas.map((_, i) => `v${i}`);
  const imports = groupsOf(schemas).map((group, g) => `import { ${group.indexes.map((i) => `v${i}`).join(', ')} } from 'quizgrade:precompiled-validators/${g}';`);
  const keys = schemas.map(({ options, schema }) => keyOf(options, schema));
  const compileOther =
    fallback === 'ajv'
      ? `this.ajv ??= new (createRequire(import.meta.url)('ajv').Ajv)(options); return this.ajv.compile(schema);`
      : `const unavailable = () => { throw new Error('this schema was not compiled into the bundle'); }; unavailable.schema = schema; return unavailable;`;
  return `
${fallback === 'ajv' ? "import { createRequire } from 'node:module';" : ''}
${imports.join('\n')}
const KEYS = ${JSON.stringify(keys)};
const PRECOMPILED = new Map(KEYS.map((key, i) => [key, [${names.join(', ')}][i]]));
export class Ajv {
  constructor(options) { this.options = options; }
  compile(schema) {
    const options = this.options;
    const found = PRECOMPILED.get(${KEY_SOURCE});
    // ajv's compiled functions carry their schema; quizgrade reads it (the keys a spec may use).
    if (found) return Object.assign(found, { schema });
    ${compileOther}
  }
}
export default Ajv;
`;
}

/**
 * The plugin. Imports of `ajv` from quizgrade's sources get the stand-in; the
 * standalone code's own imports of ajv's runtime helpers resolve from
 * node_modules as usual.
 */
export function precompiledAjv(fallback: 'ajv' | 'error', scope: SchemaScope): Plugin {
  const schemas = knownSchemas(scope);
  return {
    name: 'quizgrade-precompiled-ajv',
    setup(esbuild) {
      const packageDir = require.resolve('ajv/package.json').replace(/[\\/]node_modules[\\/]ajv[\\/]package\.json$/, '');
      esbuild.onResolve({ filter: /^ajv$/ }, () => ({ path: 'ajv', namespace: 'quizgrade-ajv' }));
      esbuild.onResolve({ filter: /^quizgrade:precompiled-validators\/\d+$/ }, (args) => ({ path: args.path, namespace: 'quizgrade-ajv' }));
      // The standalone code's helpers go into the bundle: an external require() can't run in an ES module bundle.
      esbuild.onResolve({ filter: /^ajv\/dist\/runtime\// }, (args) => ({ path: require.resolve(args.path) }));
      const groups = groupsOf(schemas);
      esbuild.onLoad({ filter: /.*/, namespace: 'quizgrade-ajv' }, (args) =>
        args.path === 'ajv'
          ? { contents: standIn(fallback, schemas), loader: 'js' }
          : { contents: validatorsModule(schemas, groups[Number(args.path.split('/').pop())]!), loader: 'js', resolveDir: packageDir },
      );
    },
  };
}
