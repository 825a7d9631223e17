import { describe, expect, it } from 'vitest';
import { sampleImageSvg } from './images';

describe('sampleImageSvg', () => {
  it('draws a picture for a sample name, the same each time', () => {
    const svg = sampleImageSvg('jp-oita-0001-1');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('OITA-0001-1');
    expect(sampleImageSvg('jp-oita-0001-1')).toBe(svg);
    expect(sampleImageSvg('vn-ls-0001-1')).not.toBe(svg);
  });
  it('refuses anything else: markup, paths, upper case, long names', () => {
    for (const name of ['jp-<script>', '../etc/passwd', 'JP-OITA-0001', 'jp-', `jp-${'a'.repeat(50)}`, 'jp-a-b-c-d-e-f-g']) {
      expect(sampleImageSvg(name), name).toBeUndefined();
    }
  });
});
