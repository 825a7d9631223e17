import { describe, expect, it } from 'vitest';
import { displayImage, displayRate, nameFor } from './product-view';

describe('displayRate', () => {
  it('shows at most 6 significant digits, exactly rounded', () => {
    expect(displayRate('0.00650823898666')).toBe('0.00650824');
    expect(displayRate('153.625149')).toBe('153.625');
    expect(displayRate('25432.18')).toBe('25432.2');
    expect(displayRate('1.5')).toBe('1.5');
    expect(displayRate('1')).toBe('1');
    expect(displayRate('0.0000123456789')).toBe('0.0000123457');
    expect(displayRate('16234567.5')).toBe('16234600');
  });
});

describe('displayImage', () => {
  it('links a sample picture on the gateway itself and leaves other pictures alone', () => {
    expect(displayImage('https://samples.ovop.example/samples/images/jp-oita-0001-1.svg')).toBe('/samples/images/jp-oita-0001-1.svg');
    expect(displayImage('https://cdn.example/a.jpg')).toBe('https://cdn.example/a.jpg');
    expect(displayImage(undefined)).toBeUndefined();
  });
});

describe('nameFor', () => {
  const names = { en: 'JA Oita' };
  it("gives an English visitor the catalogue's romanised name, a Japanese visitor the name as written", () => {
    expect(nameFor('JAおおいた', names, 'JP', { languages: ['en'] })).toBe('JA Oita');
    expect(nameFor('JAおおいた', names, 'JP', { languages: ['id', 'en'] })).toBe('JA Oita');
    expect(nameFor('JAおおいた', names, 'JP', { languages: ['ja', 'en'] })).toBe('JAおおいた');
    expect(nameFor('JAおおいた', undefined, 'JP', { languages: ['en'] })).toBe('JAおおいた');
    expect(nameFor('JAおおいた', names, 'JP', { languages: ['en-GB'] })).toBe('JA Oita');
  });
});
