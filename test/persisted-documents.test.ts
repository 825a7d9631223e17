import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { createPersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { sha256 } from 'crypto-hash';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../gateway/graphql/plugins/use-automatic-persisted-queries';
import { parseTrustedDocuments } from '../gateway/graphql/plugins/use-trusted-documents';
import { startGateway, type TestGateway } from './helpers/gateway';

/**
 * Persisted documents over real HTTP (docs/contract.md, "Persisted documents"): Apollo Client's
 * own persisted-queries link (automatic persisted queries), and trusted documents by `documentId`
 * as GraphQL Code Generator's client preset sends them, over POST and GET, in both modes.
 */

const ECONOMIES = 'query Economies { economies { code programme } }';
const CATEGORIES = 'query Categories($lang: String) { categories(lang: $lang) { code label } }';

let dir: string;
let trusted: Record<string, string>;
let allowed: TestGateway;
let required: TestGateway;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ovop-persisted-'));
  const economiesId = await sha256Hex(ECONOMIES);
  trusted = { [economiesId]: ECONOMIES, [`sha256:${await sha256Hex(CATEGORIES)}`]: CATEGORIES };
  writeFileSync(join(dir, 'persisted-documents.json'), JSON.stringify(trusted));
  const documents = await parseTrustedDocuments(JSON.stringify(trusted));
  allowed = await startGateway({}, { trustedDocuments: documents });
  required = await startGateway({ PERSISTED_DOCUMENTS: 'required' }, { trustedDocuments: documents });
});
afterAll(async () => {
  await allowed?.close();
  await required?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const post = (server: TestGateway, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe("Apollo Client's persisted-queries link (APQ)", () => {
  it('succeeds, and a repeated query travels by its hash alone', async () => {
    const sent: { method: string; body: any; url: string }[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      const url = String(input);
      sent.push({ method: init?.method ?? 'GET', url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
      return fetch(input, init);
    };
    const link = createPersistedQueryLink({ sha256 }).concat(new HttpLink({ uri: `${allowed.url}/graphql`, fetch: recordingFetch }));
    const client = new ApolloClient({ link, cache: new InMemoryCache() });
    const query = gql`
      query ApqCategories($lang: String) {
        categories(lang: $lang) {
          code
          label
        }
      }
    `;
    const first = await client.query({ query, variables: { lang: 'en' }, fetchPolicy: 'network-only' });
    expect(first.error).toBeUndefined();
    expect((first.data as any).categories.length).toBeGreaterThan(3);
    // The hash alone, refused as not found, then the text with its hash.
    expect(sent).toHaveLength(2);
    expect(sent[0]!.body.query).toBeUndefined();
    expect(sent[0]!.body.extensions.persistedQuery.sha256Hash).toMatch(/^[0-9a-f]{64}$/);
    expect(typeof sent[1]!.body.query).toBe('string');

    const second = await client.query({ query, variables: { lang: 'ja' }, fetchPolicy: 'network-only' });
    expect(second.error).toBeUndefined();
    expect((second.data as any).categories.length).toBe((first.data as any).categories.length);
    expect(sent).toHaveLength(3);
    expect(sent[2]!.body.query).toBeUndefined();
  });

  it('answers an unknown hash with PersistedQueryNotFound, as Apollo expects', async () => {
    const res = await post(allowed, { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } });
    const body = (await res.json()) as any;
    expect(body.errors[0].message).toBe('PersistedQueryNotFound');
    expect(body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('refuses a text whose hash does not match, and does not learn it', async () => {
    const wrong = await sha256Hex('{ economies { code } }');
    const res = await post(allowed, { query: '{ connectors { id } }', extensions: { persistedQuery: { version: 1, sha256Hash: wrong } } });
    const body = (await res.json()) as any;
    expect(body.data).toBeUndefined();
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const after = (await (await post(allowed, { extensions: { persistedQuery: { version: 1, sha256Hash: wrong } } })).json()) as any;
    expect(after.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('runs a learned hash over GET too, and from the fast path once warm', async () => {
    const query = '{ economies { code currency } }';
    const hash = await sha256Hex(query);
    const extensions = { persistedQuery: { version: 1, sha256Hash: hash } };
    const learn = (await (await post(allowed, { query, extensions })).json()) as any;
    expect(learn.data.economies.length).toBeGreaterThan(3);
    const url = `${allowed.url}/graphql?extensions=${encodeURIComponent(JSON.stringify(extensions))}`;
    const get = (await (await fetch(url, { headers: { accept: 'application/json' } })).json()) as any;
    expect(get.data).toEqual(learn.data);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await post(allowed, { extensions }));
    expect(answers.map((r) => r.headers.get('x-cache'))).toContain('hit');
    for (const answer of answers) expect(((await answer.json()) as any).data).toEqual(learn.data);
  });

  it('APQ=off answers a hash with PERSISTED_QUERY_NOT_SUPPORTED', async () => {
    const off = await startGateway({ APQ: 'off' });
    try {
      const body = (await (await post(off, { extensions: { persistedQuery: { version: 1, sha256Hash: 'b'.repeat(64) } } })).json()) as any;
      expect(body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
    } finally {
      await off.close();
    }
  });
});

describe('trusted documents (documentId)', () => {
  it('runs a documentId over POST, with or without the sha256: prefix, from the fast path once warm', async () => {
    const id = Object.keys(trusted)[0]!;
    const answers = [];
    for (const documentId of [id, `sha256:${id}`, id]) answers.push(await post(allowed, { documentId }));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as any).data.economies.length).toBeGreaterThan(3);
    }
    expect(answers[2]!.headers.get('x-cache')).toBe('hit');
  });

  it('runs a documentId over GET, with variables', async () => {
    const id = Object.keys(trusted)[1]!;
    const url = `${allowed.url}/graphql?documentId=${encodeURIComponent(id)}&variables=${encodeURIComponent('{"lang":"en"}')}`;
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).data.categories.length).toBeGreaterThan(3);
  });

  it('refuses an unknown documentId with PERSISTED_DOCUMENT_NOT_FOUND, over POST and GET', async () => {
    const body = (await (await post(allowed, { documentId: 'c'.repeat(64) })).json()) as any;
    expect(body.errors[0].extensions.code).toBe('PERSISTED_DOCUMENT_NOT_FOUND');
    const get = (await (await fetch(`${allowed.url}/graphql?documentId=nope`, { headers: { accept: 'application/json' } })).json()) as any;
    expect(get.errors[0].extensions.code).toBe('PERSISTED_DOCUMENT_NOT_FOUND');
  });

  it('still says "Must provide query string." to a body with neither', async () => {
    const res = await post(allowed, { variables: {} }, { accept: 'application/graphql-response+json' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].message).toBe('Must provide query string.');
  });

  it('required: a text is refused with PERSISTED_DOCUMENT_REQUIRED, even one answered before, while ids run', async () => {
    const id = Object.keys(trusted)[0]!;
    for (let i = 0; i < 3; i++) {
      const ok = await post(required, { documentId: id });
      expect(((await ok.json()) as any).data.economies.length).toBeGreaterThan(3);
    }
    for (let i = 0; i < 2; i++) {
      const body = (await (await post(required, { query: ECONOMIES })).json()) as any;
      expect(body.data).toBeUndefined();
      expect(body.errors[0].extensions.code).toBe('PERSISTED_DOCUMENT_REQUIRED');
    }
    const get = (await (
      await fetch(`${required.url}/graphql?query=${encodeURIComponent(ECONOMIES)}`, { headers: { accept: 'application/json' } })
    ).json()) as any;
    expect(get.errors[0].extensions.code).toBe('PERSISTED_DOCUMENT_REQUIRED');
    const apq = (await (await post(required, { extensions: { persistedQuery: { version: 1, sha256Hash: await sha256Hex(ECONOMIES) } } })).json()) as any;
    expect(apq.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
  });

  it('refuses a file whose id is not the hash of its text', async () => {
    await expect(parseTrustedDocuments(JSON.stringify({ ['d'.repeat(64)]: ECONOMIES }))).rejects.toThrow(/not the SHA-256/);
    await expect(parseTrustedDocuments('[1]')).rejects.toThrow(/JSON object/);
  });
});
