/**
 * Reading the LaTeX that equation editors, OCR and LMS exports produce
 * (`\frac{1}{1+e^{-x}}`, `\hat{y}`, `X^\top`, `\tanh x`) as the plain text the
 * expression parser reads. It only rewrites text: the result goes through the
 * same whitelisted parse as any answer, so nothing here can evaluate anything.
 * A command it does not know, or a brace left open, makes the answer invalid
 * with a message naming it.
 */

export type LatexResult = { ok: true; text: string } | { ok: false; message: string };

/** Whether a text may hold LaTeX; a plain answer pays only for this test. */
export const MAY_BE_LATEX = /[\\${}]/;

const FUNCTIONS = new Set(['log', 'ln', 'exp', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'arcsin', 'arccos', 'arctan', 'max', 'min']);
const FUNCTION_SPELLINGS: Record<string, string> = { arcsin: 'asin', arccos: 'acos', arctan: 'atan' };
const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi', 'pi',
  'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega',
  'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Upsilon', 'Phi', 'Psi', 'Omega',
]);
const GREEK_VARIANTS: Record<string, string> = { varepsilon: 'epsilon', vartheta: 'theta', varphi: 'phi', varrho: 'rho', varsigma: 'sigma', varpi: 'pi' };
const OPERATORS: Record<string, string> = { cdot: '*', times: '*', ast: '*', div: '/', odot: '.*', circ: '.*', cdotp: '*' };
/** Commands that only style their argument: `\mathbf{W}` is W. */
const STYLES = new Set(['mathbf', 'boldsymbol', 'bm', 'mathit', 'mathsf', 'mathcal', 'vec', 'mathnormal', 'pmb']);
/** Commands whose argument is a word: `\operatorname{sigmoid}`, `\text{eff}`. */
const WORDS = new Set(['operatorname', 'mathrm', 'text', 'textrm', 'textit', 'textbf', 'mbox']);
/** Accents that name a variable: `\hat{y}` is yhat. */
const ACCENTS: Record<string, string> = { hat: 'hat', widehat: 'hat', bar: 'bar', overline: 'bar', tilde: 'tilde', widetilde: 'tilde' };
const SPACES = new Set([',', ';', ':', '!', ' ', 'quad', 'qquad', 'displaystyle', 'textstyle', 'limits', 'nolimits']);
const TRANSPOSES = new Set(['top', 'intercal']);
const FRACTIONS = new Set(['frac', 'dfrac', 'tfrac', 'cfrac']);
const OPENING: Record<string, string> = { '(': '(', '[': '(', '\\{': '(', '\\lbrace': '(', '\\langle': '(', '|': 'abs(', '\\lvert': 'abs(', '\\vert': 'abs(' };
const CLOSING = new Set([')', ']', '\\}', '\\rbrace', '\\rangle', '|', '\\rvert', '\\vert']);
/** Commands students write that have no place in one expression, and why. */
const NOT_EXPRESSIONS: Record<string, string> = {
  sum: 'write the sum out, or use sum(...) of a declared vector',
  prod: 'write the product out',
  int: 'integrals are not read',
  partial: 'write the result of the derivative, not the derivative',
  nabla: 'write the result of the gradient, not the gradient',
  lim: 'limits are not read',
  infty: 'infinity is not a value an expression can take',
  approx: 'write the exact expression',
  '\\': 'a line break; write one expression, or one step per line in a derivation',
};

type Token = { kind: 'command'; name: string } | { kind: 'char'; text: string } | { kind: 'word'; text: string } | { kind: 'number'; text: string };

class LatexError extends Error {}

/** Translate LaTeX (with or without `$…$`) into the plain syntax the parser reads. */
export function latexToText(input: string): LatexResult {
  try {
    const tokens = tokenize(stripDelimiters(input));
    const reader = new Reader(tokens);
    const text = reader.sequence(null);
    return { ok: true, text: text.replace(/\s+/g, ' ').trim() };
  } catch (error) {
    if (error instanceof LatexError) return { ok: false, message: error.message };
    throw error;
  }
}

const DELIMITERS: readonly [string, string][] = [['$$', '$$'], ['$', '$'], ['\\(', '\\)'], ['\\[', '\\]']];

/** The text inside `$x$`, `$$x$$`, `\(x\)` or `\[x\]` around the whole of it; the text itself otherwise. */
export function withoutMathDelimiters(input: string): string {
  const text = input.trim();
  for (const [open, close] of DELIMITERS) {
    if (text.length >= open.length + close.length && text.startsWith(open) && text.endsWith(close)) {
      return text.slice(open.length, text.length - close.length).trim();
    }
  }
  return text;
}

/** Environments a multi-line derivation is typeset in; only their lines are read. */
const ALIGNMENT = /\\(?:begin|end)\{(?:align|aligned|align\*|split|gather|gathered|gather\*|eqnarray|eqnarray\*|equation|equation\*)\}/g;

/**
 * The lines of a derivation written as one text: line breaks and LaTeX's `\\`
 * separate them, alignment environments and `$$` lines are dropped.
 */
export function derivationLines(text: string): string[] {
  return withoutMathDelimiters(text.replace(ALIGNMENT, '\n'))
    .split(/\r?\n|\\\\/)
    .map(withoutMathDelimiters)
    .filter((line) => line !== '' && line !== '$$' && line !== '$');
}

function stripDelimiters(input: string): string {
  const text = withoutMathDelimiters(input);
  if (text.includes('$')) throw new LatexError('A "$" inside the expression: put $ only around the whole expression.');
  return text;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\') {
      const letters = /^[A-Za-z]+/.exec(text.slice(i + 1, i + 40));
      if (letters) {
        tokens.push({ kind: 'command', name: letters[0] });
        i += 1 + letters[0].length;
      } else {
        const symbol = text[i + 1];
        if (symbol === undefined) throw new LatexError('The expression ends with a lone "\\".');
        tokens.push({ kind: 'command', name: symbol });
        i += 2;
      }
      continue;
    }
    const word = /^[A-Za-z][A-Za-z0-9]*(?:_(?:\d+(?![A-Za-z])|[A-Za-z][A-Za-z0-9]*))*/.exec(text.slice(i, i + 200));
    if (word) {
      tokens.push({ kind: 'word', text: word[0] });
      i += word[0].length;
      continue;
    }
    const number = /^(\d+\.?\d*|\.\d+)/.exec(text.slice(i, i + 200));
    if (number) {
      tokens.push({ kind: 'number', text: number[0] });
      i += number[0].length;
      continue;
    }
    tokens.push({ kind: 'char', text: ch });
    i += 1;
  }
  return tokens;
}

/**
 * Pieces of output text; `name` marks one a subscript may extend, `value` one
 * that can only be a value (`\alpha`, `\hat{y}`, `p_t`), never a function.
 */
interface Piece {
  text: string;
  name?: boolean;
  value?: boolean;
}

const isCommand = (token: Token | undefined, name: string): boolean => token?.kind === 'command' && token.name === name;
const isChar = (token: Token | undefined, text: string): boolean => token?.kind === 'char' && token.text === text;
const WORD_END = /[A-Za-z0-9_.]$/;
const WORD_START = /^[A-Za-z0-9_.]/;

function join(pieces: readonly Piece[]): string {
  let out = '';
  let previous: Piece | undefined;
  for (const piece of pieces) {
    // A value before brackets is a product: `\alpha_t (1 - p_t)^\gamma` is not a call raised to gamma.
    if (previous?.value && piece.text.startsWith('(')) out += '*';
    // Two names or numbers side by side are a product, never one longer name.
    else if (WORD_END.test(out) && WORD_START.test(piece.text)) out += ' ';
    out += piece.text;
    if (piece.text.trim() !== '') previous = piece;
  }
  return out;
}

function describe(token: Token): string {
  return token.kind === 'command' ? `\\${token.name}` : token.text;
}

class Reader {
  private position = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private next(): Token | undefined {
    return this.tokens[this.position++];
  }

  private skipSpaces(): void {
    while (isChar(this.peek(), ' ') || (this.peek()?.kind === 'command' && SPACES.has((this.peek() as { name: string }).name))) this.position++;
  }

  /** Items up to `}` (when `closing` is '}'), `\right` (when 'right') or the end. */
  sequence(closing: '}' | 'right' | null): string {
    const pieces: Piece[] = [];
    for (;;) {
      const token = this.peek();
      if (token === undefined) {
        if (closing === '}') throw new LatexError('Unbalanced braces: a "{" is never closed.');
        if (closing === 'right') throw new LatexError('\\left has no matching \\right.');
        return join(pieces);
      }
      if (closing === '}' && isChar(token, '}')) {
        this.position++;
        return join(pieces);
      }
      if (isCommand(token, 'right')) {
        if (closing !== 'right') throw new LatexError('\\right has no matching \\left.');
        return join(pieces);
      }
      if (isChar(token, '}')) throw new LatexError('Unbalanced braces: a "}" closes nothing.');
      this.item(pieces);
    }
  }

  /** One braced group, or one token, as the argument of a command. */
  private argument(command: string): string {
    this.skipSpaces();
    const token = this.next();
    if (token === undefined || isChar(token, '}')) throw new LatexError(`\\${command} needs an argument in braces.`);
    if (isChar(token, '{')) return this.sequence('}');
    const pieces: Piece[] = [];
    this.position--;
    this.item(pieces);
    return join(pieces);
  }

  /** A word-like argument (`\text{eff}`, a subscript): letters and digits only. */
  private wordArgument(command: string): string {
    const text = this.argument(command).replace(/\s+/g, '');
    if (!/^[A-Za-z0-9_]+$/.test(text)) throw new LatexError(`\\${command}{${text}} is not a name quizgrade reads.`);
    return text;
  }

  private item(pieces: Piece[]): void {
    const token = this.next()!;
    switch (token.kind) {
      case 'word':
        pieces.push({ text: token.text, name: true, value: token.text.includes('_') });
        return;
      case 'number':
        pieces.push({ text: token.text });
        return;
      case 'char':
        return this.character(token.text, pieces);
      case 'command':
        return this.command(token.name, pieces);
    }
  }

  private character(ch: string, pieces: Piece[]): void {
    switch (ch) {
      case '{':
        pieces.push({ text: `(${this.sequence('}')})` });
        return;
      case '^':
        pieces.push({ text: this.superscript() });
        return;
      case '_': {
        const last = pieces[pieces.length - 1];
        const sub = this.subscript();
        if (!last?.name) throw new LatexError(`The subscript _${sub} follows no name.`);
        last.text += `_${sub}`;
        last.value = true;
        return;
      }
      case '&':
        return;
      default:
        pieces.push({ text: ch });
    }
  }

  private superscript(): string {
    this.skipSpaces();
    const token = this.peek();
    if (token?.kind === 'command' && TRANSPOSES.has(token.name)) {
      this.position++;
      return "'";
    }
    if (isChar(token, '-') || isChar(token, '+')) {
      this.position++;
      return `^(${(token as { text: string }).text}${this.argument('^')})`;
    }
    if (isChar(token, '{') && isCommand(this.tokens[this.position + 1], 'top') && isChar(this.tokens[this.position + 2], '}')) {
      this.position += 3;
      return "'";
    }
    const exponent = this.argument('^');
    if (exponent.trim() === '') throw new LatexError('An empty exponent ^{}.');
    return `^(${exponent})`;
  }

  private subscript(): string {
    return this.wordArgument('_');
  }

  private command(name: string, pieces: Piece[]): void {
    if (SPACES.has(name)) return;
    if (FRACTIONS.has(name)) {
      const numerator = this.argument(name);
      const denominator = this.argument(name);
      pieces.push({ text: `((${numerator})/(${denominator}))` });
      return;
    }
    if (name === 'sqrt') return this.squareRoot(pieces);
    if (name === 'left') return this.delimited(pieces);
    if (OPERATORS[name] !== undefined) {
      pieces.push({ text: OPERATORS[name] });
      return;
    }
    if (FUNCTIONS.has(name) || (name === 'sigma' && this.callFollows())) return this.function(FUNCTION_SPELLINGS[name] ?? name, pieces);
    if (GREEK.has(name) || GREEK_VARIANTS[name] !== undefined) {
      pieces.push({ text: GREEK_VARIANTS[name] ?? name, name: true, value: true });
      return;
    }
    if (STYLES.has(name)) {
      const inner = this.argument(name);
      const isName = /^[A-Za-z_][A-Za-z0-9_]*$/.test(inner);
      pieces.push({ text: inner, name: isName, value: isName });
      return;
    }
    if (WORDS.has(name)) {
      pieces.push({ text: this.wordArgument(name), name: true });
      return;
    }
    if (ACCENTS[name] !== undefined) {
      const inner = this.argument(name).trim();
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(inner)) throw new LatexError(`\\${name}{${inner}}: an accent goes on one name.`);
      pieces.push({ text: `${inner}${ACCENTS[name]}`, name: true, value: true });
      return;
    }
    if (TRANSPOSES.has(name)) {
      pieces.push({ text: 'T', name: true });
      return;
    }
    if (name === '{' || name === '}') throw new LatexError(`\\${name} outside \\left ... \\right is not read; use ( ).`);
    const why = NOT_EXPRESSIONS[name];
    if (why !== undefined) throw new LatexError(`The LaTeX command \\${name === '\\' ? '\\' : name} is not read here: ${why}.`);
    throw new LatexError(`Unknown LaTeX command \\${name}.`);
  }

  /** Whether a bracket follows: `\sigma(z)` is the sigmoid, a bare `\sigma` a name. */
  private callFollows(): boolean {
    let ahead = this.position;
    while (isChar(this.tokens[ahead], ' ')) ahead++;
    return isChar(this.tokens[ahead], '(') || isCommand(this.tokens[ahead], 'left');
  }

  private squareRoot(pieces: Piece[]): void {
    this.skipSpaces();
    if (isChar(this.peek(), '[')) {
      this.position++;
      const index: Piece[] = [];
      while (this.peek() !== undefined && !isChar(this.peek(), ']')) this.item(index);
      if (this.next() === undefined) throw new LatexError('\\sqrt[ has no closing "]".');
      const radicand = this.argument('sqrt');
      pieces.push({ text: `((${radicand})^(1/(${join(index)})))` });
      return;
    }
    pieces.push({ text: `sqrt(${this.argument('sqrt')})` });
  }

  private delimited(pieces: Piece[]): void {
    this.skipSpaces();
    const open = this.next();
    const key = open === undefined ? '' : open.kind === 'command' ? `\\${open.name}` : open.kind === 'char' ? open.text : '';
    if (key === '.') {
      pieces.push({ text: `(${this.sequence('right')}` });
    } else {
      const opening = OPENING[key];
      if (opening === undefined) throw new LatexError(`\\left${open ? describe(open) : ''}: not a bracket quizgrade reads.`);
      pieces.push({ text: `${opening}${this.sequence('right')}` });
    }
    this.position++; // \right
    const close = this.next();
    const closeKey = close === undefined ? '' : close.kind === 'command' ? `\\${close.name}` : close.kind === 'char' ? close.text : '';
    if (!CLOSING.has(closeKey) && closeKey !== '.') throw new LatexError(`\\right${close ? describe(close) : ''}: not a bracket quizgrade reads.`);
    pieces[pieces.length - 1]!.text += ')';
  }

  /**
   * `\log x`, `\tanh 2x`, `\log_2 x`: a function with its argument written
   * without brackets takes the factors that follow, up to the next + - = or
   * function, as `\sin 2x \cos x` means sin(2x)·cos(x).
   */
  private function(name: string, pieces: Piece[]): void {
    let spelled = name;
    if (isChar(this.peek(), '_') && name === 'log') {
      this.position++;
      const base = this.subscript();
      spelled = base === 'e' ? 'log' : `log${base}`;
    }
    this.skipSpaces();
    const next = this.peek();
    if (next === undefined || isChar(next, '(') || isCommand(next, 'left') || isChar(next, '^')) {
      pieces.push({ text: ` ${spelled}` });
      return;
    }
    const argument: Piece[] = [];
    for (;;) {
      const token = this.peek();
      if (token === undefined || isChar(token, '}') || isCommand(token, 'right')) break;
      if (token.kind === 'char' && '+-=,)]'.includes(token.text) && argument.length > 0) break;
      if (token.kind === 'command' && (FUNCTIONS.has(token.name) || OPERATORS[token.name] !== undefined) && argument.length > 0) break;
      this.item(argument);
    }
    const inner = join(argument).trim();
    if (inner === '') throw new LatexError(`\\${name} needs an argument.`);
    pieces.push({ text: ` ${spelled}(${inner})` });
  }
}
