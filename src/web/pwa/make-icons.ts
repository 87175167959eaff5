/**
 * Draws the app icons (a gold star on the party red) as SVG and renders the PNG sizes the
 * manifest and iPhone need into src/web/public/icons/. Run once after changing the drawing:
 *   npx tsx src/web/pwa/make-icons.ts
 * The PNGs are committed (a few KB), so the build needs no image tools.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public/icons');
const RED = '#a61e1e'; // theme.ts party[8], the primary shade and header colour
const GOLD = '#ffd43b';

/** A five-pointed star centred at (cx, cy) with outer radius r. */
function star(cx: number, cy: number, r: number): string {
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const rad = (Math.PI / 5) * i - Math.PI / 2;
    const rr = i % 2 === 0 ? r : r * 0.382;
    pts.push(`${(cx + rr * Math.cos(rad)).toFixed(1)},${(cy + rr * Math.sin(rad)).toFixed(1)}`);
  }
  return `<polygon points="${pts.join(' ')}" fill="${GOLD}"/>`;
}

/** `maskable`: full-bleed background, star inside the 80 % safe zone the launcher may crop to. */
function svg(maskable: boolean): string {
  const bg = maskable
    ? `<rect width="512" height="512" fill="${RED}"/>`
    : `<rect x="16" y="16" width="480" height="480" rx="96" fill="${RED}"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">${bg}${star(256, 270, maskable ? 150 : 190)}</svg>`;
}

fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(path.join(OUT, 'icon.svg'), svg(false));
const jobs: Array<[string, boolean, number]> = [
  ['icon-192.png', false, 192],
  ['icon-512.png', false, 512],
  ['maskable-192.png', true, 192],
  ['maskable-512.png', true, 512],
  ['apple-touch-icon.png', true, 180],
];
for (const [name, maskable, size] of jobs) {
  await sharp(Buffer.from(svg(maskable)))
    .resize(size, size)
    .png({ compressionLevel: 9, palette: true })
    .toFile(path.join(OUT, name));
}
console.log(`icons written to ${OUT}`);
