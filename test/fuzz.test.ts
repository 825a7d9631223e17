import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from '../connectors/core/csv';
import { decodeText } from '../connectors/core/decode-text';
import type { Transport } from '../connectors/core/connector';
import { CatalogueError, RecordError } from '../connectors/core/errors';
import { parseJson } from '../connectors/core/fetch-source';
import { parsePrice } from '../connectors/core/price-parse';
import { parseXml } from '../connectors/core/xml';
import { createDeclarativeConnector } from '../connectors/declarative/index';
import { mapByManifest } from '../connectors/declarative/map';
import { canonicalLanguage } from '../gateway/normalize/language';
import { isKnownCurrency } from '../schemas/currencies';
import { Manifest, manifestIssues } from '../schemas/manifest';
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

/** Awaits `work`; a rejection must be one of `allowed`, anything else fails the property. */
async function onlyRejects<T>(work: Promise<T>, ...allowed: Array<new (...args: any[]) => Error>): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    if (!allowed.some((type) => error instanceof type)) throw new Error(`unexpected ${(error as Error)?.name}: ${(error as Error)?.message}`);
    return undefined;
  }
}

const RUNS = { numRuns: 500 };

describe('fuzz: decoders never throw anything but a catalogue error, and never hang', () => {
  it('CSV', () => {
    const csvish = fc.stringMatching(/^[a-z",\r\n ;é円]{0,200}$/);
    fc.assert(
      fc.property(fc.oneof(fc.string(), csvish), (text) => void onlyThrows(() => parseCsvRecords(text), CatalogueError)),
      RUNS,
    );
  });

  it('XML', () => {
    const xmlish = fc
      .array(
        fc.constantFrom(
          '<a>',
          '</a>',
          '<b x="1"/>',
          '&amp;',
          '&bogus;',
          '<!--',
          '-->',
          '<?xml version="1.0"?>',
          'text',
          '<![CDATA[',
          ']]>',
          '<!DOCTYPE a [<!ENTITY e "x">]>',
          '&e;',
        ),
      )
      .map((p) => p.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), xmlish), (text) => void onlyThrows(() => parseXml(text, ['a']), CatalogueError)),
      RUNS,
    );
  });

  it('JSON', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => void onlyThrows(() => parseJson(text, 'page'), CatalogueError)),
      RUNS,
    );
  });

  it('text in any encoding', () => {
    const label = fc.constantFrom('utf-8', 'shift_jis', 'windows-874', 'euc-kr', 'gb18030', 'iso-8859-1', 'klingon', '');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), label, (bytes, enc) => void onlyThrows(() => decodeText(bytes, enc), CatalogueError)),
      RUNS,
    );
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
  const base = 'https://catalogue.example';
  const valid = [thManifest(base), phManifest(base)];
  const thCsv = readFileSync(new URL('./fixtures/catalogues/th-otop.csv', import.meta.url));
  const phItems = (JSON.parse(readFileSync(new URL('./fixtures/catalogues/ph-otop.json', import.meta.url), 'utf8')) as { items: unknown[] }).items;
  const xml = '<catalogue><data><items><sku>X-1</sku><name_en>Abaca bag</name_en><price>PHP 250.00</price></items></data></catalogue>';

  /** An in-process catalogue in the manifest's own format: every page answers, the cursor runs out after two. */
  const transportFor =
    (format: string): Transport =>
    async (url) => {
      const page = Number(new URL(url).searchParams.get('cursor') ?? 0);
      if (format === 'csv') return new Response(new Uint8Array(thCsv));
      if (format === 'xml') return new Response(xml);
      return Response.json({ data: { items: phItems.slice(page * 5, page * 5 + 5) }, next: page < 1 ? String(page + 1) : null });
    };

  /** Values near the valid ones, for each field: some valid, some off by a little. */
  const nearValues: Record<string, fc.Arbitrary<unknown>> = {
    id: fc.oneof(fc.stringMatching(/^(th|ph)-[a-z0-9-]{1,36}$/), fc.constantFrom('TH-OTOP', 'th_otop', 'th', 'jp-ovop', `th-${'x'.repeat(40)}`)),
    economy: fc.constantFrom('TH', 'PH', 'JP', 'XX', 'th', 'EU', ''),
    programme: fc.constantFrom('OTOP', 'OVOP', 'OTOP_2', 'otop', 'O', 'A-VERY-LONG-PROGRAMME'),
    name: fc.oneof(fc.string({ maxLength: 210 }), fc.constant('   ')),
    'source.url': fc.constantFrom(
      `${base}/x.csv`,
      'http://catalogue.example:8080/a?b=c',
      'ftp://catalogue.example/x',
      'not a url',
      'http://',
      'https://[::1]/',
      'javascript:alert(1)',
    ),
    'source.format': fc.constantFrom('json', 'csv', 'xml', 'yaml', 'JSON'),
    'source.encoding': fc.constantFrom('utf-8', 'shift_jis', 'windows-874', 'latin1', 'utf-16le', 'klingon', ''),
    'source.items': fc.constantFrom('data.items', 'items', 'data', '', ' data', 'data..items', 'data.items.0'),
    'source.delimiter': fc.constantFrom(',', ';', '\t', '|', ':'),
    'source.pagination': fc.oneof(
      fc.constant({ type: 'none' }),
      fc.record({
        type: fc.constant('page'),
        param: fc.constantFrom('page', 'p[]', 'bad param'),
        size: fc.integer({ min: -1, max: 1001 }),
        start: fc.integer({ min: -1, max: 2 }),
      }),
      fc.record({ type: fc.constant('cursor'), param: fc.constantFrom('cursor', 'after'), next: fc.constantFrom('next', 'meta.next', '', ' next') }),
      fc.constant({ type: 'offset' }),
    ),
    'source.headers': fc.dictionary(fc.constantFrom('X-Api-Key', 'Authorization', 'Bad Header', 'x'.repeat(65), ''), fc.string({ maxLength: 20 })),
    'defaults.currency': fc.constantFrom('THB', 'PHP', 'USD', 'JPY', 'BTC', 'thb', 'EUR'),
    'defaults.language': fc.constantFrom('th', 'fil', 'en', 'zh-Hant-TW', 'not a tag!', 'e'),
    'refresh.ttlSeconds': fc.oneof(fc.integer({ min: -10, max: 700_000 }), fc.constant(3600.5)),
    'mapping.localId': fc.constantFrom('code', 'sku', 'รหัสสินค้า', '', 'a b'),
    'mapping.name': fc.oneof(
      fc.constantFrom('name_en', ''),
      fc.dictionary(fc.constantFrom('en', 'th', 'fil', 'not a tag!'), fc.constantFrom('name_en', 'ชื่อสินค้า', '')),
    ),
    'mapping.price': fc.constantFrom('price', 'ราคา', 'offers.0.price', { en: 'price' }),
    'mapping.colour': fc.constant('colour'),
  };
  type Mutation = { kind: 'set'; path: string; value: unknown } | { kind: 'delete'; path: string } | { kind: 'extra'; key: string };
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    {
      weight: 8,
      arbitrary: fc.constantFrom(...Object.keys(nearValues)).chain((path) => nearValues[path]!.map((value) => ({ kind: 'set' as const, path, value }))),
    },
    { weight: 1, arbitrary: fc.constantFrom(...Object.keys(nearValues)).map((path) => ({ kind: 'delete' as const, path })) },
    { weight: 1, arbitrary: fc.constantFrom('extra', 'sourceUrl', 'mappings').map((key) => ({ kind: 'extra' as const, key })) },
  );
  const apply = (good: object, m: Mutation) => {
    const manifest = structuredClone(good) as any;
    if (m.kind === 'extra') return { ...manifest, [m.key]: true };
    const keys = m.path.split('.');
    const last = keys.pop()!;
    const parent = keys.reduce((o, k) => (o[k] ??= {}), manifest);
    if (m.kind === 'delete') delete parent[last];
    else parent[last] = m.value;
    return manifest;
  };

  it('one mutated field: the strict schema refuses it with paths, or the declarative connector harvests it without crashing', async () => {
    const outcomes = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...valid), mutation, async (good, m) => {
        const parsed = Manifest.safeParse(apply(good, m));
        if (!parsed.success) {
          outcomes.refused++;
          const issues = manifestIssues(parsed.error);
          expect(issues.length).toBeGreaterThan(0);
          for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
          if (m.kind === 'extra') expect(issues.map((i) => i.path)).toContain('(manifest)');
          return;
        }
        outcomes.accepted++;
        const manifest = parsed.data;
        expect(manifest.id).toMatch(CONNECTOR_ID_PATTERN);
        expect(manifest.id.startsWith(`${manifest.economy.toLowerCase()}-`)).toBe(true);
        expect(isKnownCurrency(manifest.defaults.currency)).toBe(true);
        expect(['http:', 'https:']).toContain(new URL(manifest.source.url).protocol);
        expect(manifest.refresh.ttlSeconds).toBeGreaterThanOrEqual(60);
        const harvest = await onlyRejects(
          createDeclarativeConnector(manifest).harvest({ transport: transportFor(manifest.source.format), limit: 50 }),
          CatalogueError,
        );
        if (harvest) {
          expect(harvest.products.length + harvest.quarantined.length).toBeGreaterThanOrEqual(Math.min(harvest.records, 1));
          for (const p of harvest.products) expect(p.id.startsWith(`${manifest.id}:`)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
    // Both branches must be exercised, or the property asserts nothing.
    expect(outcomes.accepted).toBeGreaterThan(40);
    expect(outcomes.refused).toBeGreaterThan(40);
  });

  it('map any record into a candidate or a record error, never a crash', () => {
    const manifest = Manifest.parse(phManifest('https://catalogue.example'));
    fc.assert(
      fc.property(fc.jsonValue(), (record) => void onlyThrows(() => mapByManifest(manifest, record).map(), RecordError)),
      RUNS,
    );
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
