import { isValidGtin } from '../../schemas/gtin';

/**
 * A GTIN-8, -12, -13 or -14 as GS1 writes it in a Digital Link: 14 digits, zero-padded on the
 * left. Undefined for anything else (letters, a wrong length, a wrong check digit).
 */
export function gtin14(text: string): string | undefined {
  return isValidGtin(text) ? text.padStart(14, '0') : undefined;
}
