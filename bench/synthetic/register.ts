import { SYNTHETIC_ECONOMIES, syntheticManifest } from './generate';

/** Sends one GraphQL operation, with an optional bearer token, and returns the parsed answer. */
export type Ask = (query: string, variables: Record<string, unknown>, token?: string) => Promise<any>;

/**
 * Registers the six synthetic catalogues through the public API, all at once, as member economies
 * would: an economy key from the operator, then `registerConnector` (which harvests the catalogue
 * in that request). Returns one line per economy that failed, with what it got.
 */
export async function registerSynthetic(options: { ask: Ask; upstreamUrl: string; admin: string }): Promise<string[]> {
  const { ask, upstreamUrl, admin } = options;
  const failures: string[] = [];
  await Promise.all(
    SYNTHETIC_ECONOMIES.map(async (e, i) => {
      try {
        const key = (await ask('mutation($e: String!) { createEconomyKey(economy: $e) { key } }', { e: e.economy }, admin)).data.createEconomyKey.key;
        const r = await ask(
          'mutation($m: JSON!) { registerConnector(manifest: $m) { report { accepted rejected issues { message } } } }',
          { m: syntheticManifest(i, upstreamUrl) },
          key,
        );
        if (r.errors) failures.push(`${e.economy}: ${JSON.stringify(r.errors).slice(0, 300)}`);
        else if (!r.data.registerConnector.report.accepted)
          failures.push(`${e.economy}: 0 accepted, ${JSON.stringify(r.data.registerConnector.report.issues.slice(0, 2))}`);
      } catch (error) {
        failures.push(`${e.economy}: ${(error as Error).message}`);
      }
    }),
  );
  return failures;
}
