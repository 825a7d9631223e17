import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as graphiql from '@graphql-yoga/render-graphiql/graphiql';
import { describe, expect, it } from 'vitest';
import { exportedLiterals, GRAPHIQL_FILES, moduleGraphiqlAssets, stringGraphiqlAssets, unescapeJsonString } from './assets';

const encoder = new TextEncoder();
const literal = (text: string) => encoder.encode(JSON.stringify(text).slice(1, -1));
const packageFile = (path: string) =>
  readFileSync(
    createRequire(import.meta.url)
      .resolve(`@graphql-yoga/render-graphiql/package.json`)
      .replace('package.json', path),
  );

describe('unescapeJsonString', () => {
  it.each([
    ['plain ASCII', 'const a = 1;'],
    ['one-letter escapes', 'a"b\\c/d\b\f\n\r\t'],
    ['control characters', '\u0000\u001f\u007f'],
    ['raw UTF-8 (two, three and four bytes)', 'é 日本 😀'],
  ])('gives the bytes of the text: %s', (_, text) => {
    expect(unescapeJsonString(literal(text))).toEqual(encoder.encode(text));
  });

  it('joins an escaped surrogate pair into one four-byte character, and makes a lone surrogate U+FFFD', () => {
    expect(unescapeJsonString(encoder.encode('\\ud83d\\ude00 \\u00e9\\u65e5'))).toEqual(encoder.encode('😀 é日'));
    expect(unescapeJsonString(encoder.encode('a\\ud83db\\ude00c\\ud83d'))).toEqual(encoder.encode('a\ud83db\ude00c\ud83d'));
    expect(unescapeJsonString(encoder.encode('\\uD83D\\uDE00'))).toEqual(encoder.encode('😀'));
  });
});

describe('GraphiQL assets from the package module bytes', () => {
  it.each(['esm/graphiql.js', 'cjs/graphiql.js'])('serves each file exactly as the exported strings (%s)', (path) => {
    const assets = moduleGraphiqlAssets(packageFile(path));
    const strings = stringGraphiqlAssets(graphiql as unknown as Record<string, string>);
    for (const name of Object.keys(GRAPHIQL_FILES)) {
      const fromBytes = assets.asset(name)!;
      const fromStrings = strings.asset(name)!;
      expect(fromBytes.contentType).toBe(fromStrings.contentType);
      expect(Buffer.from(fromBytes.body as Uint8Array).equals(Buffer.from(encoder.encode(fromStrings.body as string))), name).toBe(true);
    }
    expect(assets.asset('favicon')).toBeUndefined();
    expect(assets.asset('../package.json')).toBeUndefined();
  });

  it('finds every exported string and versions by their lengths', () => {
    const source = encoder.encode('"use strict";\nexport const js = "a\\"b";\nexports.css = "c";\n');
    expect([...exportedLiterals(source).keys()]).toEqual(['js', 'css']);
    const one = moduleGraphiqlAssets(source);
    expect(new TextDecoder().decode(one.asset('graphiql.js')!.body as Uint8Array)).toBe('a"b');
    expect(one.version).not.toBe(moduleGraphiqlAssets(encoder.encode('export const js = "ab";\nexports.css = "c";\n')).version);
  });
});
