// Palette numbers: 7B, 1.4T, 5.76e23 (no 'vscode', unit-tested).
import { parseHumanNumber } from '../../core/table/numbers';

/** An error message for the input box, or undefined when the text is a positive finite number. */
export function validateQuantity(text: string, what = 'value'): string | undefined {
  const v = parseHumanNumber(text);
  if (Number.isNaN(v)) return `'${text}' is not a number: try 7B, 1.4T or 5.76e23`;
  if (!(v > 0) || !Number.isFinite(v)) return `${what} must be a positive finite number`;
  return undefined;
}
