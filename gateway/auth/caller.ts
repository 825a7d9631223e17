import { bearerToken, secretsEqual } from './tokens';
import { gatewayError } from '../errors';
import type { EconomyKeys } from './economy-keys';

export type Caller = { kind: 'operator' } | { kind: 'economy'; economy: string };

/**
 * Who is calling: the operator (GATEWAY_ADMIN_TOKEN, compared in constant time) or an economy (its
 * key). No token, or one that is neither, is UNAUTHENTICATED.
 */
export async function authenticate(request: Request, adminToken: string | undefined, keys: EconomyKeys): Promise<Caller> {
  const token = bearerToken(request);
  if (!token) throw gatewayError('UNAUTHENTICATED', 'this needs Authorization: Bearer <economy key or operator token>');
  if (adminToken && (await secretsEqual(token, adminToken))) return { kind: 'operator' };
  const economy = await keys.economyOf(token);
  if (!economy) throw gatewayError('UNAUTHENTICATED', 'the bearer token is not a valid economy key');
  return { kind: 'economy', economy };
}

/** FORBIDDEN unless the caller is the operator or the economy itself. */
export function requireEconomy(caller: Caller, economy: string, action: string): void {
  if (caller.kind === 'operator' || caller.economy === economy) return;
  throw gatewayError('FORBIDDEN', `an economy key of ${caller.economy} cannot ${action} for ${economy}`);
}
