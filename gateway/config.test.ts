import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('CORS_ORIGINS', () => {
  it('is any origin by default, or a list of origins', () => {
    expect(loadConfig({}).CORS_ORIGINS).toBe('*');
    expect(loadConfig({ CORS_ORIGINS: '*' }).CORS_ORIGINS).toBe('*');
    expect(loadConfig({ CORS_ORIGINS: 'https://portal.example, http://127.0.0.1:3000' }).CORS_ORIGINS).toEqual([
      'https://portal.example',
      'http://127.0.0.1:3000',
    ]);
  });

  it.each(['portal.example', 'https://portal.example/', 'https://portal.example/path', 'ftp://portal.example', 'null', ',', 'https://PORTAL.example'])(
    'refuses %s, saying why',
    (value) => {
      expect(() => loadConfig({ CORS_ORIGINS: value })).toThrow(/CORS_ORIGINS/);
    },
  );
});
