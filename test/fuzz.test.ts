import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from '../connectors/core/csv';
import { decodeText } from '../connectors/core/decode-text';
import { CatalogueError, RecordError } from '../connectors/core/errors';
import { parseJson } from '../connectors/core/fetch-source';
import { parsePrice } from '../connectors/core/price-parse';
import { parseXml } from '../connectors/core/xml';
import { mapByManifest } from '../connectors/declarative/map';
import { canonicalLanguage } from '../gateway/normalize/language';
import { isKnownCurrency } from '../schemas/currencies';
import { Manifest } from '../schemas/manifest';
import { CONNECTOR_ID_PATTERN } from '../schemas/product';
import { phManifest, thManifest } from './helpers/economy-server';

/** Runs `f`; a throw must be one of `allowed`, anything else fails the property. */
function onlyThrows(f: () => unknown, ...allowed: Array<new (...args: any[]) => Error>) {
  try {
    return f();
  } catch (error) {
    if (!allowed.some((type) => error instanceof type)) throw new Error(`unexpected ${(error as Error)?.name}: ${(error as Error)?.message}`);
    return undefined;
  }
}

const RUNS = { numRuns: 500 };

describe('fuzz: decoders never throw anything but a catalogue error, and never hang', () => {
  it('CSV', () => {
    const csvish = fc.stringMatching(/^[a-z",\r\n ;é円]{0,200}$/);
    fc.assert(fc.property(fc.oneof(fc.string(), csvish), (text) => void onlyThrows(() => parseCsvRecords(text), CatalogueError)), RUNS);
  });

  it('XML', () => {
    const xmlish = fc.array(fc.constantFrom('<a>', '</a>', '<b x="1"/>', '&amp;', '&bogus;', '<!--', '-->', '<?xml version="1.0"?>', 'text', '<![CDATA[', ']]>', '<!DOCTYPE a [<!ENTITY e "x">]>', '&e;')).map((p) => p.join(''));
    fc.assert(fc.property(fc.oneof(fc.string(), xmlish), (text) => void onlyThrows(() => parseXml(text, ['a']), CatalogueError)), RUNS);
  });

  it('JSON', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json()), (text) => void onlyThrows(() => parseJson(text, 'page'), CatalogueError)), RUNS);
  });

  it('text in any encoding', () => {
    const label = fc.constantFrom('utf-8', 'shift_jis', 'windows-874', 'euc-kr', 'gb18030', 'iso-8859-1', 'klingon', '');
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), label, (bytes, enc) => void onlyThrows(() => decodeText(bytes, enc), CatalogueError)), RUNS);
  });
});

describe('fuzz: the price parser', () => {
  it('answers any input with exact money or a reason, never a throw', () => {
    const pricey = fc.stringMatching(/^[0-9.,\s₫đRpMY¥円฿₱$k-]{0,20}$/);
    const currency = fc.constantFrom('VND', 'IDR', 'JPY', 'MYR', 'THB', 'PHP', 'USD');
    fc.assert(
      fc.property(fc.oneof(fc.string(), pricey, fc.double()), currency, (input, cur) => {
        const r = parsePrice(input as string | number, cur);
        if (r.ok) {
          expect(r.money.amount).toMatch(/^\d+(\.\d+)?$/);
          expect(isKnownCurrency(r.money.currency)).toBe(true);
        } else expect(r.reason.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });
});

describe('fuzz: manifests', () => {
  const valid = [thManifest('https://catalogue.example'), phManifest('https://catalogue.example')];

  it('accept nothing the schema forbids, whatever is sent', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = Manifest.safeParse(value);
        if (parsed.success) throw new Error(`accepted ${JSON.stringify(value)}`);
      }),
      RUNS,
    );
  });

  it('stay valid, or are refused with paths, when any field of a good manifest is replaced', () => {
    const paths = ['id', 'economy', 'programme', 'name', 'source.url', 'source.format', 'source.encoding', 'defaults.currency', 'defaults.language', 'mapping.localId', 'refresh.ttlSeconds', 'source.pagination'];
    fc.assert(
      fc.property(fc.constantFrom(...valid), fc.constantFrom(...paths), fc.jsonValue(), (good, path, replacement) => {
        const manifest = structuredClone(good) as any;
        const keys = path.split('.');
        const last = keys.pop()!;
        keys.reduce((o, k) => (o[k] ??= {}), manifest)[last] = replacement;
        const parsed = Manifest.safeParse(manifest);
        if (!parsed.success) {
          expect(parsed.error.issues.length).toBeGreaterThan(0);
          return;
        }
        expect(parsed.data.id).toMatch(CONNECTOR_ID_PATTERN);
        expect(parsed.data.id.startsWith(`${parsed.data.economy.toLowerCase()}-`)).toBe(true);
        expect(isKnownCurrency(parsed.data.defaults.currency)).toBe(true);
        expect(['http:', 'https:']).toContain(new URL(parsed.data.source.url).protocol);
      }),
      RUNS,
    );
  });

  it('map any record into a candidate or a record error, never a crash', () => {
    const manifest = Manifest.parse(phManifest('https://catalogue.example'));
    fc.assert(fc.property(fc.jsonValue(), (record) => void onlyThrows(() => mapByManifest(manifest, record).map(), RecordError)), RUNS);
  });
});

describe('fuzz: language tags', () => {
  it('canonicalize or refuse with BAD_USER_INPUT', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8}){0,3}$/)), (tag) => {
        try {
          expect(canonicalLanguage(tag)).toMatch(/^[a-z]{2,8}(-[A-Za-z0-9]+)*$/);
        } catch (error) {
          expect((error as any).extensions?.code).toBe('BAD_USER_INPUT');
        }
      }),
      RUNS,
    );
  });
});
