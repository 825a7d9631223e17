import { isApecEconomy } from '../../schemas/economies';
import { badInput } from '../errors';

/** A destination economy code, upper-cased; anything but an APEC economy is BAD_USER_INPUT. */
export function complianceDestination(code: string): string {
  const upper = code.trim().toUpperCase();
  if (!isApecEconomy(upper)) throw badInput(`"${code}" is not an APEC destination economy (ISO 3166-1 alpha-2)`, { argument: 'destination' });
  return upper;
}

/** Today in UTC (YYYY-MM-DD), the day certificates are judged on. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
