import { deflateSync, inflateSync } from 'node:zlib';

/**
 * Just enough PNG for the manuals' screenshots (scripts/manualScreenshots.ts): decode what Chromium's
 * screenshots are (8-bit RGB or RGBA, not interlaced), cut to a height, halve, and encode again. The
 * browser tests take full pages at 390 and 1280 px, up to 8 000 px tall and 0.7 MB each; the guides
 * keep a few MB in all. No image package is a dependency of the project, and this is 120 lines.
 */
export interface RgbImage {
  width: number;
  height: number;
  /** 3 bytes a pixel, row after row */
  pixels: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(file: Buffer): RgbImage {
  if (!file.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    const body = file.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colour, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace !== 0) {
        throw new Error(
          `unsupported PNG (bit depth ${depth}, colour type ${colour}, interlace ${interlace})`,
        );
      }
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const rows = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride;
    if (filter === undefined || filter > 4) throw new Error(`bad PNG filter ${filter} in row ${y}`);
    for (let x = 0; x < stride; x += 1) {
      const a = x >= channels ? (rows[out + x - channels] ?? 0) : 0;
      const b = y > 0 ? (rows[out - stride + x] ?? 0) : 0;
      let predicted = 0;
      if (filter === 1) predicted = a;
      else if (filter === 2) predicted = b;
      else if (filter === 3) predicted = (a + b) >> 1;
      else if (filter === 4) {
        predicted = paeth(a, b, x >= channels && y > 0 ? (rows[out - stride + x - channels] ?? 0) : 0);
      }
      rows[out + x] = ((line[x] ?? 0) + predicted) & 0xff;
    }
  }
  if (channels === 3) return { width, height, pixels: rows };
  // screenshots are opaque: drop the alpha
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0, j = 0; i < rows.length; i += 4, j += 3) rows.copy(pixels, j, i, i + 3);
  return { width, height, pixels };
}

/** The top `maxHeight` rows, then (scale 2) each 2 × 2 block averaged into one pixel. */
export function shrink(image: RgbImage, opts: { maxHeight: number; halve: boolean }): RgbImage {
  const height = Math.min(image.height, opts.maxHeight);
  if (!opts.halve) {
    return { width: image.width, height, pixels: image.pixels.subarray(0, image.width * height * 3) };
  }
  const w = Math.floor(image.width / 2);
  const h = Math.floor(height / 2);
  const pixels = Buffer.alloc(w * h * 3);
  const at = (x: number, y: number, ch: number) => image.pixels[(y * image.width + x) * 3 + ch] ?? 0;
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      for (let ch = 0; ch < 3; ch += 1) {
        const sum =
          at(2 * x, 2 * y, ch) +
          at(2 * x + 1, 2 * y, ch) +
          at(2 * x, 2 * y + 1, ch) +
          at(2 * x + 1, 2 * y + 1, ch);
        pixels[(y * w + x) * 3 + ch] = (sum + 2) >> 2;
      }
    }
  }
  return { width: w, height: h, pixels };
}

function chunk(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

let table: Uint32Array | undefined;
function crc32(bytes: Buffer): number {
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (table[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** RGB, every row filtered with Paeth (screenshots are flat colour and text: it packs them best of the five). */
export function encodePng(image: RgbImage): Buffer {
  const stride = image.width * 3;
  const raw = Buffer.alloc((stride + 1) * image.height);
  for (let y = 0; y < image.height; y += 1) {
    raw[y * (stride + 1)] = 4;
    for (let x = 0; x < stride; x += 1) {
      const i = y * stride + x;
      const a = x >= 3 ? (image.pixels[i - 3] ?? 0) : 0;
      const b = y > 0 ? (image.pixels[i - stride] ?? 0) : 0;
      const c = x >= 3 && y > 0 ? (image.pixels[i - stride - 3] ?? 0) : 0;
      raw[y * (stride + 1) + 1 + x] = ((image.pixels[i] ?? 0) - paeth(a, b, c)) & 0xff;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(image.width, 0);
  header.writeUInt32BE(image.height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
