import { describe, expect, it } from 'vitest';
import { withoutSuggestions } from './suggestions';

describe('withoutSuggestions', () => {
  it("drops graphql-js's suggestion sentence and keeps the rest", () => {
    expect(withoutSuggestions('Cannot query field "economie" on type "Query". Did you mean "economies"?')).toBe(
      'Cannot query field "economie" on type "Query".',
    );
    expect(withoutSuggestions('Value "PRICE_AS" does not exist in "ProductSort" enum. Did you mean the enum value "PRICE_ASC" or "PRICE_DESC"?')).toBe(
      'Value "PRICE_AS" does not exist in "ProductSort" enum.',
    );
    expect(withoutSuggestions('Syntax Error: Expected Name, found "}".')).toBe('Syntax Error: Expected Name, found "}".');
  });
});
