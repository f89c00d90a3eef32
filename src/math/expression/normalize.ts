/**
 * Text-level normalization of how students write math, before parsing:
 * unicode operators and letters, superscripts (`βᵗ` is beta^t), `**`, `√x`.
 * Implicit multiplication (`2x`, `2(x+1)`) is left to the parser, which reads it.
 */

const SUPERSCRIPTS: Record<string, string> = {
  '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9',
  '⁻': '-', '⁺': '+', '⁽': '(', '⁾': ')',
};
/** Superscript letters are powers (`βᵗ`, `xⁿ`), not part of a name; `ᵀ` is the transpose (CHARACTERS). */
const SUPERSCRIPT_LETTERS: Record<string, string> = {
  'ᵃ': 'a', 'ᵇ': 'b', 'ᶜ': 'c', 'ᵈ': 'd', 'ᵉ': 'e', 'ᶠ': 'f', 'ᵍ': 'g', 'ʰ': 'h', 'ⁱ': 'i', 'ʲ': 'j', 'ᵏ': 'k', 'ˡ': 'l',
  'ᵐ': 'm', 'ⁿ': 'n', 'ᵒ': 'o', 'ᵖ': 'p', 'ʳ': 'r', 'ˢ': 's', 'ᵗ': 't', 'ᵘ': 'u', 'ᵛ': 'v', 'ʷ': 'w', 'ˣ': 'x', 'ʸ': 'y', 'ᶻ': 'z',
};
Object.assign(SUPERSCRIPTS, SUPERSCRIPT_LETTERS);
const SUBSCRIPTS: Record<string, string> = {
  '₀': '0', '₁': '1', '₂': '2', '₃': '3', '₄': '4', '₅': '5', '₆': '6', '₇': '7', '₈': '8', '₉': '9',
};

/** Single characters (after NFC) and what they read as. */
const CHARACTERS: Record<string, string> = {
  '−': '-', '–': '-', '—': '-', '‐': '-', '‑': '-',
  '×': '*', '·': '*', '⋅': '*', '∙': '*', '•': '*', '∗': '*',
  '÷': '/', '∕': '/',
  '⊙': '.*', '∘': '.*',
  'ᵀ': "'", '′': "'", '’': "'", '‘': "'",
  'π': 'pi', 'σ': 'sigmoid', '∑': 'sum', 'Σ': 'sum',
  'α': 'alpha', 'β': 'beta', 'γ': 'gamma', 'δ': 'delta', 'ε': 'epsilon', 'η': 'eta',
  'θ': 'theta', 'λ': 'lambda', 'μ': 'mu', 'ϕ': 'phi', 'φ': 'phi', 'ω': 'omega',
  'ŷ': 'yhat', 'Ŷ': 'Yhat',
  '\u00a0': ' ', '\u2009': ' ', '\u202f': ' ',
};

const WORD = /^[A-Za-z]+$/;
const SUPERSCRIPT_RUN = new RegExp(`[${Object.keys(SUPERSCRIPTS).join('')}]+`, 'gu');
const SUBSCRIPT_RUN = /[₀₁₂₃₄₅₆₇₈₉]+/g;
const SQRT_OPERAND = /√\s*([A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?)/g;
const HAT = /([A-Za-z])\u0302/g;
/** `ln x`, `log 2`, `σ z`: a function applied to one bare name or number without brackets. */
const BARE_ARGUMENT =
  /\b(ln|log|log10|log2|exp|sqrt|sin|cos|tan|sinh|cosh|tanh|sigmoid|relu|softplus)\s+([A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?)(?![A-Za-z0-9_(^'.])/g;

/** Plain ASCII: no unicode step below can change it (every mapped character, mark and superscript is non-ASCII). */
// eslint-disable-next-line no-control-regex -- the whole ASCII range, controls included, is what is tested for
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Rewrite unicode and shorthand notation into the ASCII syntax the parser reads. */
export function normalizeNotation(text: string): string {
  return shorthand(ASCII_ONLY.test(text) ? text : unicodeToAscii(text));
}

function unicodeToAscii(text: string): string {
  let out = text.normalize('NFC');
  out = out.replace(HAT, '$1hat');
  out = out.replace(SUPERSCRIPT_RUN, (run) => `^(${[...run].map((ch) => SUPERSCRIPTS[ch]).join('')})`);
  out = out.replace(SUBSCRIPT_RUN, (run) => [...run].map((ch) => SUBSCRIPTS[ch]).join(''));
  const chars = [...out];
  let mapped = '';
  for (const [i, ch] of chars.entries()) {
    const replacement = CHARACTERS[ch];
    if (replacement === undefined) {
      mapped += ch;
      continue;
    }
    if (!WORD.test(replacement)) {
      mapped += replacement;
      continue;
    }
    // A letter that becomes a name must not glue onto its neighbours: `Xθ` is `X theta`, `θx` is `theta x`; `θ1` stays a name.
    const next = chars[i + 1] ?? '';
    const before = /[A-Za-z0-9_]$/.test(mapped) ? ' ' : '';
    const after = /^[A-Za-z]$/.test(next) || (CHARACTERS[next] !== undefined && WORD.test(CHARACTERS[next]!)) ? ' ' : '';
    mapped += before + replacement + after;
  }
  out = mapped.normalize('NFKC');
  return out.replace(SQRT_OPERAND, 'sqrt($1)').replace(/√/g, 'sqrt');
}

/** `**` for `^`, `ln x` for `ln(x)`; braces (`x^{2n}`) are LaTeX, read before this (latex.ts). */
function shorthand(text: string): string {
  return text.replace(/\*\*/g, '^').replace(BARE_ARGUMENT, '$1($2)').trim();
}

/** Deepest nesting of brackets in a text, counted without parsing. */
export function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (const ch of text) {
    if (ch === '(' || ch === '[' || ch === '{') deepest = Math.max(deepest, ++depth);
    else if (ch === ')' || ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
  }
  return deepest;
}
