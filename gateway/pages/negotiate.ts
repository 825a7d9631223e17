import { BoundedMap } from '../collections/bounded-map';

/** The quality the Accept header gives the first of `types` it names (most specific range wins). */
function quality(entries: Array<{ range: string; q: number }>, type: string): { q: number; explicit: boolean } {
  const [major] = type.split('/');
  const exact = entries.find((e) => e.range === type);
  if (exact) return { q: exact.q, explicit: true };
  const partial = entries.find((e) => e.range === `${major}/*`) ?? entries.find((e) => e.range === '*/*');
  return { q: partial?.q ?? 0, explicit: false };
}

/**
 * True when the client prefers an HTML page to JSON-LD: text/html ranks above every JSON type it
 * accepts, or ties with them while only HTML is named. A missing Accept, `*∕*` or a tie that names
 * JSON keeps the machine answer (JSON-LD), so programs never get a page by accident.
 */
export function prefersHtml(accept: string | null | undefined): boolean {
  if (!accept?.includes('html')) return false;
  let answer = decided.get(accept);
  if (answer === undefined) decided.set(accept, (answer = decide(accept)));
  return answer;
}

/** Answers by Accept header: clients send few distinct ones. */
const decided = new BoundedMap<string, boolean>({ maxEntries: 256, maxBytes: 64 * 1024 });

function decide(accept: string): boolean {
  const entries = accept
    .split(',')
    .slice(0, 32)
    .map((part) => {
      const [range = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([01](\.\d{0,3})?)\s*$/.exec(p)?.[1]).find(Boolean);
      return { range: range.trim(), q: q === undefined ? 1 : Number(q) };
    });
  const html = Math.max(quality(entries, 'text/html').q, quality(entries, 'application/xhtml+xml').q);
  const machines = ['application/ld+json', 'application/json'].map((t) => quality(entries, t));
  const best = Math.max(...machines.map((m) => m.q));
  if (html <= 0) return false;
  if (html > best) return true;
  return html === best && !machines.some((m) => m.explicit);
}
