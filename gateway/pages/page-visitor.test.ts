import { describe, expect, it } from 'vitest';
import { supportedLanguages } from './page-visitor';

describe('supportedLanguages', () => {
  it('reduces every tag to a supported base language, in order, English last', () => {
    expect(supportedLanguages(['en-GB', 'fr', 'vi-VN', 'en'])).toEqual(['vi', 'en']);
    expect(supportedLanguages(['ja-Jpan-JP', 'th-TH-u-nu-thai', 'fil-PH', 'en'])).toEqual(['ja', 'th', 'fil', 'en']);
    expect(supportedLanguages(['ko-KR', 'en-x-a1'])).toEqual(['en']);
    expect(supportedLanguages([])).toEqual(['en']);
  });
});
