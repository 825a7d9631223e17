/**
 * The sample catalogues' pictures, drawn by the project itself: a small SVG per picture name
 * (`{economy}-{local id}-{n}`, lower case), coloured from its name, so a first run shows pictures
 * without any request leaving the machine. Served by the gateway at /samples/images/{name}.svg.
 */
const NAME = /^([a-z]{2})-([a-z0-9]{1,20}(?:-[a-z0-9]{1,20}){0,4})$/;

/** The SVG of a sample picture, or undefined when `name` is not one (nothing from the name is echoed unchecked). */
export function sampleImageSvg(name: string): string | undefined {
  const match = NAME.exec(name);
  if (!match) return undefined;
  const [, economy = '', id = ''] = match;
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  const hue = (hash >>> 0) % 360;
  const accent = (hue + 40) % 360;
  const label = id.toUpperCase();
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300" role="img">',
    `<title>${economy.toUpperCase()} ${label}</title>`,
    `<rect width="400" height="300" fill="hsl(${hue} 45% 88%)"/>`,
    `<path d="M0 210 C 90 170 170 250 260 205 S 370 180 400 200 V300 H0 Z" fill="hsl(${accent} 40% 62%)"/>`,
    `<circle cx="300" cy="90" r="42" fill="hsl(${hue} 55% 70%)"/>`,
    `<text x="24" y="60" font-family="sans-serif" font-size="30" font-weight="700" fill="hsl(${hue} 40% 25%)">${economy.toUpperCase()}</text>`,
    `<text x="24" y="276" font-family="sans-serif" font-size="22" fill="hsl(${hue} 40% 18%)">${label}</text>`,
    '</svg>',
  ].join('');
}
