import { crc32 } from 'node:zlib';
import { imageSize } from 'image-size';
import { type ContentProblem, problem, saneDimensions } from './problem.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const notAPng = (en: string, zh: string): ContentProblem =>
  problem(`文件不是完整有效的 PNG 图片：${zh}`, `the file is not a complete, valid PNG image: ${en}`);

/**
 * Whether a file declared as a PNG is one, read whole: the image-size parser reads its header (type and
 * dimensions, which must be sane), and the chunks are walked from the signature to IEND: every chunk
 * whole, with a 4-letter type and a matching CRC-32 (zlib's, native: ≈ 1 ms a MB), IHDR first, at least
 * one IDAT, IEND last and empty, and not one byte after it. A page appended after the image, a header
 * followed by HTML, a file cut short all fail here.
 */
export function pngProblem(bytes: Uint8Array): ContentProblem | undefined {
  if (!SIGNATURE.every((byte, i) => bytes[i] === byte)) return notAPng('no PNG signature', '缺少 PNG 文件头');
  let size: { width: number; height: number; type?: string | undefined };
  try {
    size = imageSize(bytes);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return notAPng(`its header cannot be read (${why})`, '无法读取图片头');
  }
  if (size.type !== 'png') return notAPng(`it reads as ${size.type}`, `内容为 ${size.type} 格式`);
  return saneDimensions(size.width, size.height) ?? chunkProblem(bytes);
}

function chunkProblem(bytes: Uint8Array): ContentProblem | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = SIGNATURE.length;
  let index = 0;
  let idat = false;
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) return notAPng('a chunk is cut short', '数据块不完整');
    const length = view.getUint32(offset);
    const type = Buffer.from(bytes.subarray(offset + 4, offset + 8)).toString('latin1');
    const end = offset + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type))
      return notAPng(`a chunk at byte ${offset} has no type`, '数据块类型无效');
    if (length > 0x7fffffff || end > bytes.length) {
      return notAPng(`the ${type} chunk is cut short`, `${type} 数据块不完整`);
    }
    const stored = view.getUint32(offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== stored) {
      return notAPng(`the ${type} chunk's checksum is wrong`, `${type} 数据块校验和错误`);
    }
    if (index === 0 && (type !== 'IHDR' || length !== 13)) {
      return notAPng('it does not start with IHDR', '第一个数据块不是 IHDR');
    }
    if (type === 'IDAT') idat = true;
    if (type === 'IEND') {
      if (length !== 0) return notAPng('IEND is not empty', 'IEND 数据块不为空');
      if (!idat) return notAPng('it has no image data (IDAT)', '没有图像数据（IDAT）');
      if (end !== bytes.length) {
        return notAPng(
          `${bytes.length - end} bytes follow the end of the image (IEND)`,
          `图片结束标记（IEND）之后还有 ${bytes.length - end} 字节`,
        );
      }
      return undefined;
    }
    offset = end;
    index += 1;
  }
  return notAPng('it has no end (IEND): cut short', '缺少结束标记（IEND），文件不完整');
}
