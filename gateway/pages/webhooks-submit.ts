import { GraphQLError } from 'graphql';
import type { GatewayServices } from '../graphql/context';
import { webhookOwner } from '../webhooks/owner';
import { deliveryView, subscriptionView } from '../webhooks/view';
import { DELIVERIES_SHOWN, type WebhooksOutcome } from './webhooks-page';

/** Subscriptions one listing shows at most (a client key holds at most 50). */
const MAX_LISTED = 50;

/**
 * Runs one submission of the webhooks form: the key authenticates exactly as a bearer token does
 * in GraphQL (a client key sees its own subscriptions, the operator token all), and the answer is
 * what the page shows, with its HTTP status.
 */
export async function submitWebhooksKey(services: GatewayServices, key: string): Promise<{ status: number; outcome: WebhooksOutcome }> {
  const hooks = services.webhooks;
  if (!hooks) return { status: 503, outcome: { kind: 'error', code: 'UNAVAILABLE', message: 'webhooks are not configured on this gateway' } };
  try {
    const owner = await webhookOwner(key, services);
    const held = (await hooks.list(owner)).slice(0, MAX_LISTED);
    const subscriptions = await Promise.all(
      held.map(async (s) => ({
        view: subscriptionView(s),
        lag: await hooks.lag(s),
        deliveries: (await hooks.deliveries(owner, s.id, DELIVERIES_SHOWN)).map(deliveryView),
      })),
    );
    return { status: 200, outcome: { kind: 'list', subscriptions } };
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const code = String(error.extensions.code ?? 'INTERNAL_SERVER_ERROR');
    return { status: code === 'UNAUTHENTICATED' ? 401 : code === 'FORBIDDEN' ? 403 : 400, outcome: { kind: 'error', code, message: error.message } };
  }
}
