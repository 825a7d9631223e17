import { describe, expect, it } from 'vitest';
import { describeMistake, jsonMistake, parseManifestText } from './manifest-text';

describe('parseManifestText', () => {
  it('parses valid JSON', () => {
    expect(parseManifestText('{"a": [1, 2.5e3, "x\\"y", true, null]}')).toEqual({ ok: true, value: { a: [1, 2500, 'x"y', true, null] } });
  });

  it.each([
    ['{\n  "id": "th-otop"\n  "economy": "TH"\n}', "line 3, column 3: expected ',' or '}', found '\"'"],
    ['{"a": }', "line 1, column 7: expected a value, found '}'"],
    ['{"a": 1,}', "line 1, column 9: expected a property name in double quotes (no comma before a closing brace), found '}'"],
    ['{\n "a": 1', "line 2, column 8: expected ',' or '}', found the end of the text"],
    ["{'a': 1}", "line 1, column 2: expected a property name in double quotes or '}', found '''"],
    ['{"a": "line\nbreak"}', 'line 1, column 12: expected a closing double quote on the same line, found a line break'],
    ['[1, 2] x', "line 1, column 8: expected the end of the text, found 'x'"],
    ['', 'line 1, column 1: expected a value, found the end of the text'],
  ])('locates the mistake in %j', (text, words) => {
    const parsed = parseManifestText(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(describeMistake(parsed.mistake)).toBe(words);
  });

  it('finds no mistake in a valid text, and stays linear on deep nesting', () => {
    expect(jsonMistake('{"a": {"b": [[], {}]}}')).toBeUndefined();
    const deep = '['.repeat(500_000);
    expect(jsonMistake(deep)).toMatchObject({ line: 1, column: 500_001 });
  });
});
