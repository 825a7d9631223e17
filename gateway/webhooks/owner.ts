import type { ClientKeys } from '../auth/client-keys';
import { secretsEqual, sha256Hex } from '../auth/tokens';
import { gatewayError } from '../errors';
import { OPERATOR_OWNER, type SubscriptionOwner } from './subscription';

/**
 * Who owns the webhook subscriptions a bearer token reaches (docs/contract.md, "Webhooks: pushed
 * changes"): the operator token (compared in constant time) is the operator, a client key is its
 * SHA-256 (hex), as it is stored. No token, or one that is neither, is UNAUTHENTICATED.
 */
export async function webhookOwner(
  token: string | undefined,
  { adminToken, clientKeys }: { adminToken?: string; clientKeys: ClientKeys },
): Promise<SubscriptionOwner> {
  if (!token) throw gatewayError('UNAUTHENTICATED', 'webhook subscriptions need Authorization: Bearer <client key>');
  if (adminToken && (await secretsEqual(token, adminToken))) return OPERATOR_OWNER;
  const hash = await sha256Hex(token);
  if (!(await clientKeys.byHash(hash))) throw gatewayError('UNAUTHENTICATED', 'the bearer token is not a client key');
  return hash;
}
