import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePng, encodePng, type RgbImage, shrink } from '../../scripts/manual/png.js';
import {
  guides,
  IMAGES_DIR,
  imageReferences,
  regenerate,
  screenshotsTakenByTests,
} from '../../scripts/manualScreenshots.js';

/**
 * The operating guides (docs/操作手册/, issue 18 item 7) show the screenshots the browser tests take, and
 * `npm run docs:manual` regenerates them: without a browser, every picture a guide references must be a
 * screenshot some test takes (a renamed screenshot fails here), be committed, and none be left unreferenced.
 */
const ROLE_GUIDES = [
  '农户.md',
  '村集体审核员.md',
  '镇审核员.md',
  '区审批人.md',
  '基金管理员.md',
  '土地管理员.md',
  '登记员.md',
  '审计员.md',
];

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A small picture with detail in every row (text-like stripes), as a screenshot has. */
function picture(width: number, height: number): RgbImage {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i += 1) pixels[i] = (i * 7 + Math.floor(i / (width * 3)) * 13) & 0xff;
  return { width, height, pixels };
}

describe('the operating guides', () => {
  it('are one per role, with an index', () => {
    expect(guides()).toEqual(expect.arrayContaining(['README.md', ...ROLE_GUIDES]));
    const index = readFileSync(join(IMAGES_DIR, '..', 'README.md'), 'utf8');
    for (const g of ROLE_GUIDES) expect(index).toContain(`](${g})`);
  });

  it('reference only screenshots that a browser test takes', () => {
    const taken = screenshotsTakenByTests();
    // the scan reads the tests' calls: a few it must find, or it reads nothing
    for (const name of ['signin', 'reviewer-queue', 'fund-dashboard']) expect(taken.has(name)).toBe(true);
    const references = imageReferences();
    expect(references.length).toBeGreaterThanOrEqual(ROLE_GUIDES.length);
    const untaken = references.filter((r) => !taken.has(r.screenshot)).map((r) => `${r.guide}: ${r.file}`);
    expect(untaken).toEqual([]);
  });

  it('have every referenced picture committed, and no picture left that none references', () => {
    const referenced = new Set(imageReferences().map((r) => r.file));
    const present = readdirSync(IMAGES_DIR).filter((f) => f.endsWith('.png'));
    expect([...referenced].filter((f) => !existsSync(join(IMAGES_DIR, f)))).toEqual([]);
    expect(present.filter((f) => !referenced.has(f))).toEqual([]);
  });

  it('stay small: a few MB of pictures in all', () => {
    const bytes = readdirSync(IMAGES_DIR).reduce((t, f) => t + readFileSync(join(IMAGES_DIR, f)).length, 0);
    expect(bytes).toBeLessThan(4 * 1024 * 1024);
  });
});

describe('npm run docs:manual', () => {
  it('copies and shrinks the referenced screenshots, removes stale pictures, and lists the missing ones', () => {
    const root = mkdtempSync(join(tmpdir(), 'manual-'));
    dirs.push(root);
    const [manual, shots, images] = ['manual', 'shots', 'manual/images'].map((d) => join(root, d));
    for (const d of [manual, shots, images]) mkdirSync(d ?? '', { recursive: true });
    if (!manual || !shots || !images) throw new Error('no directories');
    writeFileSync(
      join(manual, '农户.md'),
      '![a](images/case-offers-390.png)\n![b](images/fund-ledger-1280.png)\n![c](images/gone-390.png)\n',
    );
    writeFileSync(join(shots, 'case-offers-390.png'), encodePng(picture(390, 1900)));
    writeFileSync(join(shots, 'fund-ledger-1280.png'), encodePng(picture(1280, 100)));
    writeFileSync(join(images, 'old-390.png'), encodePng(picture(4, 4)));

    const result = regenerate({ manual, screenshots: shots, images });
    expect(result.written.map((w) => w.file)).toEqual(['case-offers-390.png', 'fund-ledger-1280.png']);
    expect(result.removed).toEqual(['old-390.png']);
    expect(result.missing.map((m) => `${m.guide}: ${m.file}`)).toEqual(['农户.md: gone-390.png']);
    // a phone shot keeps its width and loses what is below 1 800 px; a desktop shot is halved
    const phone = decodePng(readFileSync(join(images, 'case-offers-390.png')));
    expect([phone.width, phone.height]).toEqual([390, 1800]);
    const desk = decodePng(readFileSync(join(images, 'fund-ledger-1280.png')));
    expect([desk.width, desk.height]).toEqual([640, 50]);
  });

  it('decodes what it encodes, and halves by averaging each 2 × 2 block', () => {
    const image = picture(33, 17);
    expect(decodePng(encodePng(image))).toEqual(image);
    const flat: RgbImage = {
      width: 2,
      height: 2,
      pixels: Buffer.from([0, 0, 0, 10, 20, 30, 20, 40, 60, 30, 60, 90]),
    };
    expect(shrink(flat, { halve: true, maxHeight: 10 }).pixels).toEqual(Buffer.from([15, 30, 45]));
  });

  it('refuses a reference that is not a screenshot name', () => {
    const root = mkdtempSync(join(tmpdir(), 'manual-'));
    dirs.push(root);
    writeFileSync(join(root, 'x.md'), '![pasted](images/my-photo.png)\n');
    expect(() => imageReferences(root)).toThrow(/not a browser test's screenshot name/);
  });
});
