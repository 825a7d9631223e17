import { describe, expect, it } from 'vitest';
import { foldKey, storedText } from './fold';

describe('foldKey', () => {
  it('removes Vietnamese accents and reads đ as d', () => {
    expect(foldKey('Lạp sườn Đình Lập')).toBe('lap suon dinh lap');
    expect(foldKey('Ðình')).toBe(foldKey('Đình'));
  });
  it('folds width and case, and reads katakana as hiragana', () => {
    expect(foldKey('ｶﾎﾞｽ')).toBe('かぼす');
    expect(foldKey('カボス')).toBe('かぼす');
    expect(foldKey('ＢＡＴＩＫ')).toBe('batik');
  });
  it('keeps kana voicing and Thai vowels, which are letters', () => {
    expect(foldKey('かぼす')).not.toBe(foldKey('かほす'));
    expect(foldKey('ผ้าไหม')).toBe('ผ้าไหม');
  });
  it('gives decomposed input the key of composed input', () => {
    expect(foldKey('cà phê'.normalize('NFD'))).toBe(foldKey('cà phê'));
  });
});

describe('storedText', () => {
  it('stores NFC and maps look-alike eths to Đ, but never folds width', () => {
    expect(storedText('Ðặc sản'.normalize('NFD'))).toBe('Đặc sản');
    expect(storedText('ｶﾎﾞｽ')).toBe('ｶﾎﾞｽ');
  });
});
