import { GraphQLError } from 'graphql';
import { authenticate } from '../auth/caller';
import type { HarvestReport } from '../federation/harvest-report';
import type { GatewayServices } from '../graphql/context';
import { createContext } from '../graphql/context';
import { Mutation } from '../graphql/resolvers/mutation';
import { parseManifestText } from '../registry/manifest-text';
import type { RegisterOutcome } from './register-page';

/** What the register form sent, already checked for shape. */
export interface RegisterSubmission {
  key: string;
  manifest?: string;
  action: 'dryRun' | 'register' | 'connectors';
}

/** Connectors one listing shows at most (an economy has a handful). */
const MAX_LISTED = 50;

/**
 * Runs one submission of the register form with the mutations' own code (the key authenticates
 * exactly as a bearer token does in GraphQL) and says what the page shows, with its HTTP status.
 * `connectors` lists the key's economy's connectors (every connector for the operator) with their
 * last harvest and its issues.
 */
export async function submitRegistration(
  services: GatewayServices,
  submission: RegisterSubmission,
  request: { url: string; requestId: string },
): Promise<{ status: number; outcome: RegisterOutcome }> {
  const bearer = new Request(request.url, { method: 'POST', headers: { authorization: `Bearer ${submission.key}` } });
  const ctx = createContext(services, { request: bearer, requestId: request.requestId });
  try {
    if (submission.action === 'connectors') {
      const caller = await authenticate(bearer, services.adminToken, services.keys);
      await services.federation.index();
      const views = services.federation.connectors().filter((c) => caller.kind === 'operator' || c.economy === caller.economy);
      const connectors = await Promise.all(
        views
          .slice(0, MAX_LISTED)
          .map(async (view) => ({ view, last: ((await services.federation.harvests(view.id, 1))[0] as HarvestReport | undefined) ?? null })),
      );
      return { status: 200, outcome: { kind: 'connectors', economy: caller.kind === 'operator' ? null : caller.economy, connectors } };
    }
    const text = parseManifestText(submission.manifest ?? '');
    if (!text.ok) return { status: 400, outcome: { kind: 'json', mistake: text.mistake } };
    if (submission.action === 'register') {
      const { connector, report } = await Mutation.registerConnector(null, { manifest: text.value }, ctx);
      return { status: 200, outcome: { kind: 'report', action: 'register', report, connector } };
    }
    const report = await Mutation.validateManifest(null, { manifest: text.value }, ctx);
    return { status: 200, outcome: { kind: 'report', action: 'dryRun', report } };
  } catch (error) {
    if (!(error instanceof GraphQLError)) {
      // Never a bare 500: the form again, saying so, and the error in the log (not the key).
      services.log('error', 'unexpected error', { requestId: request.requestId, path: '/register', error: (error as Error).stack ?? String(error) });
      return { status: 500, outcome: { kind: 'error', code: 'INTERNAL_SERVER_ERROR', message: `unexpected error (request ${request.requestId})` } };
    }
    const code = String(error.extensions.code ?? 'INTERNAL_SERVER_ERROR');
    const status = code === 'BAD_USER_INPUT' ? 400 : code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' ? 403 : 500;
    const issues = Array.isArray(error.extensions.issues)
      ? (error.extensions.issues as Array<{ record?: string | null; path: string; message: string; severity?: string }>)
      : undefined;
    return { status, outcome: { kind: 'error', code, message: error.message, issues } };
  }
}
