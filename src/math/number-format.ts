/**
 * Reading numbers the way people write them: digit grouping (1,265,220,
 * 12,65,220, 1 265 220, 1.265.220), decimal commas, scientific notation
 * (1.26522e6, 1.26522 × 10^6), and, where allowed, arithmetic. A reading that
 * would be a guess (`1,265`: thousands or decimal comma?) is refused with a message.
 */
import { ARITHMETIC_MAX_LENGTH, evaluateArithmetic, normalizeMathText } from './arithmetic.ts';

export type NumberReading =
  | { ok: true; value: number; interpreted: string; normalized: string }
  | { ok: false; message: string };

export interface NumberReadingOptions {
  /** Accept arithmetic such as `200*6145 + 120*201`. */
  expressions: boolean;
}

const WESTERN_GROUPED = /^(\d{1,3})((?:,\d{3})+)(\.\d+)?$/;
const INDIAN_GROUPED = /^\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?$/;
const SPACE_GROUPED = /^\d{1,3}(?:[ \u00A0\u2009\u202F'’_]\d{3})+(?:\.\d+)?$/;
const DOT_GROUPED = /^\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?$/;
const DECIMAL_COMMA = /^\d+,\d+$/;
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const SCIENTIFIC_TIMES_TEN = /^[+-]?(?:\d+\.?\d*|\.\d+)\*10\^\(?[+-]?\d+\)?$/;
/** Grouped numbers inside arithmetic: only the unambiguous multi-group forms. */
const GROUPED_IN_EXPRESSION = /(?<![\d.,])(?:\d{1,3}(?:,\d{3}){2,}|\d{1,2}(?:,\d{2})+,\d{3})(?![\d,])/g;

type Ungrouped = { ok: true; text: string } | { ok: false; message: string };

/** Removes digit grouping from a lone number, or explains why it can't be read. */
function ungroupNumber(text: string): Ungrouped | null {
  const sign = /^[+-]/.test(text) ? text[0]! : '';
  const body = sign ? text.slice(1) : text;
  const western = WESTERN_GROUPED.exec(body);
  if (western) {
    const singleGroup = western[2]!.length === 4 && western[3] === undefined;
    if (singleGroup && western[1] !== '0') {
      return ambiguousComma(text, body.replace(',', ''), body.replace(',', '.'));
    }
    if (!singleGroup) return { ok: true, text: sign + body.replaceAll(',', '') };
  }
  if (INDIAN_GROUPED.test(body)) return { ok: true, text: sign + body.replaceAll(',', '') };
  if (SPACE_GROUPED.test(body)) return { ok: true, text: sign + body.replace(/[ \u00A0\u2009\u202F'’_]/g, '') };
  if (DOT_GROUPED.test(body)) return { ok: true, text: sign + body.replaceAll('.', '').replace(',', '.') };
  if (DECIMAL_COMMA.test(body)) {
    const [whole, fraction] = body.split(',') as [string, string];
    // Exactly three digits after the comma may be a thousands group: refuse to guess.
    if (fraction.length === 3 && whole !== '0') return ambiguousComma(text, whole + fraction, `${whole}.${fraction}`);
    return { ok: true, text: `${sign}${whole}.${fraction}` };
  }
  return null;
}

function ambiguousComma(text: string, asThousands: string, asDecimal: string): Ungrouped {
  return {
    ok: false,
    message: `"${text}" is ambiguous: is the comma a thousands separator (${asThousands}) or a decimal comma (${asDecimal})? Write ${asThousands} or ${asDecimal}.`,
  };
}

/** Scientific notation with spaces inside (`2 e-3`) reads as 2·e − 3; a bare `2e` as 2·e. Neither is guessed. */
const SPACED_EXPONENT = /\d\s+e\s*[+-]?\d|\de\s+[+-]?\d/i;
const BARE_E_AFTER_DIGIT = /\d\s*e(?![+-]?\d)(?![a-z(])/i;
/** Hexadecimal, binary and octal literals are not how anyone writes a decimal answer. */
const PREFIXED_LITERAL = /(?:^|[^\w.])0[xbo][0-9a-f]/i;

function notationProblem(text: string): string | undefined {
  if (SPACED_EXPONENT.test(text)) return `"${shorten(text)}" has spaces inside scientific notation; write it like 2e-3 (or 2*e - 3 if you mean the constant e)`;
  if (BARE_E_AFTER_DIGIT.test(text)) return `"${shorten(text)}": is the e an exponent or the constant e? Write 2e3 for 2000, or 2*e for 2 times e`;
  if (PREFIXED_LITERAL.test(text)) return `"${shorten(text)}" looks like a hexadecimal, binary or octal literal; write a decimal number`;
  return undefined;
}

/** Student text quoted in a message, cut to a readable length. */
export function shorten(text: string, length = 60): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

/** `200x6145`, `1.2 x 10^6`: an x between digits is a times sign in a number. */
function timesSigns(text: string): string {
  return text.replace(/(\d)\s*[xX]\s*(?=[\d(])/g, '$1*');
}

/** Formats a value for people: integers exactly, others to `digits` significant digits. */
export function formatNumber(value: number, digits = 10): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return String(value);
  return String(Number(value.toPrecision(digits)));
}

export function readNumber(raw: string | number, options: NumberReadingOptions): NumberReading {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return { ok: false, message: `${raw} is not a finite number` };
    return { ok: true, value: raw, interpreted: formatNumber(raw), normalized: String(raw) };
  }
  // Before any other work: the regular expressions below must only see bounded text.
  if (raw.length > ARITHMETIC_MAX_LENGTH) {
    return { ok: false, message: `the answer is too long (${raw.length} characters; the limit is ${ARITHMETIC_MAX_LENGTH})` };
  }
  const normalized = normalizeMathText(raw).trim();
  const notation = notationProblem(normalized);
  if (notation) return { ok: false, message: notation };
  const text = timesSigns(normalized);
  if (text === '') return { ok: false, message: 'the answer is empty' };
  if (text.includes('=')) return { ok: false, message: `write only the value, without "=" (found "${shorten(raw.trim())}")` };

  const ungrouped = ungroupNumber(text);
  if (ungrouped && !ungrouped.ok) return ungrouped;
  let candidate = ungrouped ? ungrouped.text : text;
  if (!ungrouped) {
    candidate = candidate.replace(GROUPED_IN_EXPRESSION, (group) => group.replaceAll(',', ''));
    if (/,/.test(stripCallArguments(candidate))) {
      return {
        ok: false,
        message: `"${shorten(raw.trim())}" has a comma that is neither a clean thousands grouping nor inside a function call; write the number without separators (or with a decimal point)`,
      };
    }
    // Inside a call, `log(1,000)` may be log(1000) or log(1, 0): a tight comma before three digits is not guessed.
    const tight = /\d,\d{3}(?!\d)/.exec(candidate);
    if (tight) {
      return { ok: false, message: `"${shorten(raw.trim())}" is ambiguous at "${tight[0]}": a thousands separator or an argument separator? Write the number without the comma, or put a space after an argument comma` };
    }
  }
  const isPlainNumber = PLAIN_NUMBER.test(candidate) || SCIENTIFIC_TIMES_TEN.test(candidate.replace(/\s+/g, ''));
  if (!options.expressions && !isPlainNumber) {
    return { ok: false, message: `"${shorten(raw.trim())}" is not a single number; this answer takes a number, not arithmetic` };
  }
  const result = evaluateArithmetic(candidate);
  if (!result.ok) return result;
  if (!Number.isFinite(result.value)) {
    return { ok: false, message: `"${shorten(raw.trim())}" does not give a finite number (it evaluates to ${result.value})` };
  }
  const value = result.value;
  const shown = formatNumber(value);
  const interpreted = isPlainNumber ? shown : `${result.node.toString()} = ${shown}`;
  return { ok: true, value, interpreted, normalized: String(value) };
}

/** The text with every function call's argument list removed, to find stray commas. */
function stripCallArguments(text: string): string {
  let previous: string;
  let current = text;
  do {
    previous = current;
    current = current.replace(/[A-Za-z_]\w*\s*\([^()]*\)/g, '0').replace(/\(([^(),]*)\)/g, '$1');
  } while (current !== previous);
  return current;
}
