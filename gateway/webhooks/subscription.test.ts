import { describe, expect, it } from 'vitest';
import { checkSubscriptionInput, isSubscriptionId, newSubscriptionId } from './subscription';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
  return 'no error';
};

describe('checkSubscriptionInput', () => {
  it('takes an https URL, a filter, a currency and a language, normalized', () => {
    expect(
      checkSubscriptionInput({ url: 'https://Market.Example/hooks?x=1', filter: { economies: ['jp'], types: ['UPDATED'] }, currency: 'usd', lang: 'VI-vn' }),
    ).toEqual({
      url: 'https://market.example/hooks?x=1',
      filter: { economies: ['JP'], types: ['UPDATED'] },
      currency: 'USD',
      lang: 'vi-VN',
    });
    expect(checkSubscriptionInput({ url: 'https://m.example/', filter: {}, currency: null })).toMatchObject({ filter: null, currency: null, lang: null });
  });

  it('takes http only where private upstreams are allowed', () => {
    expect(code(() => checkSubscriptionInput({ url: 'http://m.example/hooks' }))).toBe('BAD_USER_INPUT');
    expect(checkSubscriptionInput({ url: 'http://127.0.0.1:9/hooks' }, { allowPrivate: true }).url).toBe('http://127.0.0.1:9/hooks');
  });

  it('refuses what is not a receiver URL, or an unknown currency, language or filter field', () => {
    for (const input of [
      { url: 'ftp://m.example/' },
      { url: 'not a url' },
      { url: 'https://user:pw@m.example/' },
      { url: 'https://m.example/#frag' },
      { url: `https://m.example/${'x'.repeat(3000)}` },
      { url: 'https://m.example/', currency: 'XYZ' },
      { url: 'https://m.example/', currency: 'dollars' },
      { url: 'https://m.example/', lang: 'not a tag!' },
      { url: 'https://m.example/', filter: { colour: ['red'] } },
      { url: 'https://m.example/', filter: { economies: Array(101).fill('JP') } },
      { url: 'https://m.example/', extra: 1 } as never,
    ]) {
      expect(
        code(() => checkSubscriptionInput(input)),
        JSON.stringify(input).slice(0, 80),
      ).toBe('BAD_USER_INPUT');
    }
  });

  it('issues ids it recognizes, and recognizes no other', () => {
    const id = newSubscriptionId();
    expect(isSubscriptionId(id)).toBe(true);
    expect(isSubscriptionId(`${id}x`)).toBe(false);
    expect(isSubscriptionId('wh_../../etc')).toBe(false);
  });
});
