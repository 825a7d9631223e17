import { parseXml } from '../../../connectors/core/xml';
import { crossRate, RateTable } from './table';
import { ratioToString } from '../decimal';

/**
 * A live rate feed's body as a rate table: the ECB's daily reference-rate XML
 * (`<Cube time="…"><Cube currency="USD" rate="1.16"/>…`), or plain JSON
 * `{ base, asOf, source?, rates: { CODE: "decimal" } }`. Throws on anything else.
 */
export function parseRateFeed(body: string, contentType = ''): RateTable {
  const text = body.trim();
  if (contentType.includes('json') || text.startsWith('{')) {
    const raw = JSON.parse(text) as Record<string, unknown>;
    const rates = Object.fromEntries(Object.entries((raw.rates ?? {}) as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]));
    return RateTable.parse({ source: 'live feed', ...raw, rates });
  }
  const doc = parseXml(text, ['Cube']);
  // biome-ignore lint/suspicious/noExplicitAny: parsed XML, read loosely; RateTable.parse checks every value taken from it
  const envelope = (doc['gesmes:Envelope'] ?? doc.Envelope) as Record<string, any> | undefined;
  const day = envelope?.Cube?.[0]?.Cube?.[0];
  if (!day?.['@time']) throw new Error('not an ECB reference-rate document');
  const sender = envelope!['gesmes:Sender']?.['gesmes:name'] ?? 'European Central Bank';
  return RateTable.parse({
    base: 'EUR',
    asOf: day['@time'],
    source: `${sender} euro reference rates`,
    rates: Object.fromEntries((day.Cube ?? []).map((c: Record<string, unknown>) => [c['@currency'], c['@rate']])),
  });
}

/**
 * A live table completed with the fallback's currencies it lacks (the ECB publishes no VND), each
 * keeping its own source and date; rebased through the fallback when the bases differ.
 */
export function mergeRateTables(live: RateTable, fallback: RateTable): RateTable {
  const merged: RateTable = { ...live, rates: { ...live.rates }, sources: { ...live.sources }, dates: { ...live.dates } };
  const inFallback = [fallback.base, ...Object.keys(fallback.rates)];
  for (const currency of inFallback) {
    if (currency === live.base || live.rates[currency]) continue;
    const rate = crossRate(fallback, live.base, currency);
    if (!rate) continue;
    merged.rates[currency] = ratioToString(rate.ratio);
    merged.sources[currency] = fallback.sources[currency] ?? fallback.source;
    merged.dates[currency] = fallback.dates[currency] ?? fallback.asOf;
  }
  return merged;
}
