import { describe, expect, it } from 'vitest';
import { literalsOf, rulePatterns, sourceFiles, verdict } from './redos/audit';
import { regexLiterals } from './redos/regex-literals';

/**
 * Issue 28: every regular expression in connectors/, schemas/ and gateway/ runs in time linear in
 * its input, as recheck (a ReDoS checker) proves it, or is listed below with why no outside text
 * reaches it. A new pattern that could backtrack fails this suite until it is rewritten.
 */
const NOT_OUTSIDE_TEXT: Record<string, string> = {
  'gateway/http/middleware/cors.ts /\\s*,\\s*/': "splits the Vary header of the gateway's own response",
  'gateway/money/decimal.ts /\\.?0+$/': 'trims amounts the gateway computed itself, at most 30 decimals',
  'gateway/observability/otlp-exporter.ts /\\/+$/': "trims the operator's OTLP endpoint from the environment",
};

const files = sourceFiles('connectors', 'schemas', 'gateway');
const literals = literalsOf(files);
const key = (l: { file: string; source: string; flags: string }) => `${l.file} /${l.source}/${l.flags}`;

describe('regular expressions run in linear time (ReDoS audit)', () => {
  it('finds the literals of every source file', () => {
    expect(literals.length).toBeGreaterThan(100);
    expect(literals.map(key)).toContain('schemas/languages.ts /^[a-z]{2,3}(-[A-Za-z]{4})?(-([A-Z]{2}|\\d{3}))?$/');
    expect(literals.map(key)).toContain('connectors/core/price-parse.ts /^\\d{1,3}([.,]\\d{3})+$/');
  });

  it('catches a pattern that backtracks quadratically: the quantity parser of issue 28', () => {
    const [found] = regexLiterals('quantity-parse.ts', "const value = m.replace(',', '.').replace(/(\\.\\d*?)0+$/, '$1');");
    expect(found).toMatchObject({ source: '(\\.\\d*?)0+$', flags: '' });
    expect(verdict(found!)).toMatch(/^vulnerable: 2nd degree polynomial/);
  });

  it('tells a regex from a division, a comment or a string', () => {
    const found = regexLiterals(
      'x.ts',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source under test holds a template literal
      "const a = b / c / d; // not /a regex/\nconst s = '/x/'; const t = `${a / 2}/y/`; const r = x!.y / 2; const q = /z+/g;",
    );
    expect(found.map((l) => `/${l.source}/${l.flags}`)).toEqual(['/z+/g']);
  });

  it('every pattern applied to record, manifest, header or query text is safe', () => {
    const unsafe = literals
      .filter((l) => !(key(l) in NOT_OUTSIDE_TEXT))
      .map((l) => ({ at: `${l.file}:${l.line} /${l.source}/${l.flags}`, verdict: verdict(l) }))
      .filter((v) => v.verdict !== 'safe');
    expect(unsafe).toEqual([]);
  }, 120_000);

  it('the exemptions name patterns that exist, and are really not linear (else they need no exemption)', () => {
    for (const exempt of Object.keys(NOT_OUTSIDE_TEXT)) {
      const literal = literals.find((l) => key(l) === exempt);
      expect(literal, exempt).toBeDefined();
      expect(verdict(literal!), exempt).not.toBe('safe');
    }
  });

  it("the compliance rules' patterns, compiled at run time against product values, are safe", () => {
    const patterns = rulePatterns(sourceFiles('schemas/compliance'));
    expect(patterns.length).toBeGreaterThan(0);
    const unsafe = patterns.map((p) => ({ at: `${p.file}:${p.line} /${p.source}/`, verdict: verdict(p) })).filter((v) => v.verdict !== 'safe');
    expect(unsafe).toEqual([]);
  });
});
