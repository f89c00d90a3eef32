/**
 * The one mathjs instance quizgrade uses: its parser and nothing else. Student
 * input is parsed, never evaluated by mathjs, so no function needs to exist;
 * and building only the parser keeps start-up short (mathjs' default instance
 * creates every function it has, about a second per thread).
 */
import { create, parseDependencies, type FactoryFunctionMap } from 'mathjs';

// The typings mark every dependency map optional; this one ships with mathjs.
export const { parse } = create({ parseDependencies: parseDependencies as FactoryFunctionMap });
export type { MathNode } from 'mathjs';
