import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeXml, truncateText } from './xml-text';

describe('escapeXml', () => {
  it('escapes markup and leaves out what XML 1.0 forbids', () => {
    const text = `<b>Tom & "Jerry's"</b>\u0000\u0007\u001b\uFFFE\uD800 ok\t\n`;
    const escaped = escapeXml(text);
    expect(escaped).toBe('&lt;b&gt;Tom &amp; &quot;Jerry&apos;s&quot;&lt;/b&gt; ok\t\n');
    expect(XMLValidator.validate(`<a t="${escaped}">${escaped}</a>`)).toBe(true);
  });

  it('keeps pairs of surrogates (emoji) whole', () => {
    expect(escapeXml('🍊 かぼす')).toBe('🍊 かぼす');
  });

  it('is linear: a megabyte of markup takes one pass', () => {
    const text = '<&'.repeat(500_000);
    expect(escapeXml(text).length).toBe(4_500_000);
  });
});

describe('truncateText', () => {
  it('leaves text within the limit as it is', () => {
    expect(truncateText('Oita Kabosu', 150)).toBe('Oita Kabosu');
    // Four graphemes in eight UTF-16 units: within a limit of four.
    expect(truncateText('👩‍👩', 4)).toBe('👩‍👩');
  });

  it('cuts by graphemes, never inside one, and marks the cut', () => {
    const family = '👨‍👩‍👧‍👦';
    const cut = truncateText(family.repeat(10), 5);
    expect(cut).toBe(`${family.repeat(4)}…`);
    const vietnamese = 'Trà Shan Tuyết cổ thụ Hà Giang'.normalize('NFD');
    const short = truncateText(vietnamese, 10);
    expect([...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(short)].length).toBeLessThanOrEqual(10);
    expect(short.endsWith('…')).toBe(true);
    // What is kept is a prefix whose next character is not an accent left behind (decomposed: base, then marks).
    const kept = short.slice(0, -1);
    expect(vietnamese.startsWith(kept)).toBe(true);
    expect(vietnamese.slice(kept.length)).not.toMatch(/^\p{M}/u);
    const accents = truncateText('ệệệệệệ'.normalize('NFD'), 3);
    expect(accents).toBe(`${'ệệ'.normalize('NFD')}…`);
  });
});
