import { imageSize } from 'image-size';
import { type ContentProblem, problem, saneDimensions } from './problem.js';

const notAJpeg = (en: string, zh: string): ContentProblem =>
  problem(`文件不是完整有效的 JPEG 图片：${zh}`, `the file is not a complete, valid JPEG image: ${en}`);

/**
 * Phones store a second, smaller JPEG after the first (the Multi-Picture Format's preview); a few more
 * are allowed, each walked like the first. Anything else after the last end of image (EOI) is refused:
 * a page or a script appended to a photo, and also the video a "motion photo" carries, which a
 * household can leave out by sending the still (the reason says so).
 */
const MAX_IMAGES = 4;

/**
 * Whether a file declared as a JPEG is one, read whole: the image-size parser reads its header (type and
 * dimensions, which must be sane), and the markers are walked from start of image (SOI, FFD8) through
 * every segment, a frame header (SOFn) before the first scan (SOS), each scan's entropy-coded data, to
 * end of image (EOI, FFD9) with nothing but further whole JPEGs after it. `FFD8FF` followed by a script,
 * a file cut short, a page appended after the image all fail here.
 */
export function jpegProblem(bytes: Uint8Array): ContentProblem | undefined {
  let size: { width: number; height: number; type?: string | undefined };
  try {
    size = imageSize(bytes);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return notAJpeg(`its header cannot be read (${why})`, '无法读取图片头');
  }
  if (size.type !== 'jpg') return notAJpeg(`it reads as ${size.type}`, `内容为 ${size.type} 格式`);
  const dimensions = saneDimensions(size.width, size.height);
  if (dimensions) return dimensions;

  let offset = 0;
  for (let image = 0; image < MAX_IMAGES && offset < bytes.length; image += 1) {
    // after the first image, only another whole JPEG may follow
    if (image > 0 && !(bytes[offset] === 0xff && bytes[offset + 1] === 0xd8)) break;
    const walked = walkImage(bytes, offset);
    if (typeof walked !== 'number') return walked;
    offset = walked;
  }
  if (offset < bytes.length) {
    return notAJpeg(
      `${bytes.length - offset} bytes follow the end of the image (EOI); send the photo alone (for a motion photo, the still)`,
      `图片结束标记（EOI）之后还有 ${bytes.length - offset} 字节；请只上传照片本身（动态照片请导出静态图片）`,
    );
  }
  return undefined;
}

const isStandalone = (marker: number) => (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01;
/** SOF0–SOF15 less DHT (C4), JPG (C8) and DAC (CC), which share the range */
const isFrameHeader = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** One image from its SOI at `start`: the offset just after its EOI, or why it is not a JPEG. */
function walkImage(bytes: Uint8Array, start: number): number | ContentProblem {
  const u16 = (at: number) => ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
  if (u16(start) !== 0xffd8) {
    return notAJpeg(
      `byte ${start} is not the start of an image (SOI)`,
      `第 ${start} 字节处不是图片开始标记（SOI）`,
    );
  }
  let offset = start + 2;
  let frame = false;
  let scans = 0;
  const cutShort = notAJpeg('it is cut short (no end of image, EOI)', '文件不完整（缺少结束标记 EOI）');
  for (;;) {
    if (offset >= bytes.length) return cutShort;
    if (bytes[offset] !== 0xff) {
      return notAJpeg(`byte ${offset} is not a marker`, `第 ${offset} 字节处应为标记`);
    }
    while (bytes[offset] === 0xff) offset += 1; // fill bytes before a marker
    const marker = bytes[offset];
    if (marker === undefined) return cutShort;
    offset += 1;
    if (marker === 0xd9) {
      if (!frame || scans === 0) return notAJpeg('it has no image data', '没有图像数据');
      return offset;
    }
    if (isStandalone(marker)) continue;
    if (marker === 0x00 || marker === 0xd8) {
      return notAJpeg(`a marker at byte ${offset - 1} is misplaced`, `第 ${offset - 1} 字节处的标记位置错误`);
    }
    const length = u16(offset);
    if (length < 2 || offset + length > bytes.length) return cutShort;
    if (isFrameHeader(marker)) frame = true;
    offset += length;
    if (marker !== 0xda) continue;
    if (!frame) return notAJpeg('a scan comes before the frame header', '图像数据在帧头之前');
    scans += 1;
    // entropy-coded data: FF00 is a data byte, FFD0–FFD7 restart markers, FF FF fill; any other FFxx
    // is the next marker
    for (;;) {
      offset = bytes.indexOf(0xff, offset);
      if (offset < 0 || offset + 1 >= bytes.length) return cutShort;
      const next = bytes[offset + 1] ?? 0;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) offset += 2;
      else if (next === 0xff) offset += 1;
      else break;
    }
  }
}
