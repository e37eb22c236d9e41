/**
 * Why an upload's content was refused, in the words a household reads (zh-CN) and the staff's English.
 * The verdict stores `zh / en` as one reason string (shared/documents/verifyUpload.ts).
 */
export interface ContentProblem {
  zh: string;
  en: string;
}

export const problem = (zh: string, en: string): ContentProblem => ({ zh, en });

/**
 * Images the portal and the reviewers' browsers can still decode: no side over 20 000 px and at most
 * 200 million pixels (a 200-megapixel phone camera's 16 320 × 12 240 fits). A few hundred bytes of PNG
 * can declare 65 535 × 65 535, which a viewer would try to allocate (≈ 17 GB): a decompression bomb.
 */
export const MAX_IMAGE_SIDE = 20_000;
export const MAX_IMAGE_PIXELS = 200_000_000;

export function saneDimensions(width: number, height: number): ContentProblem | undefined {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    return problem(
      `图片尺寸无效（${width} × ${height}）`,
      `the image has no valid dimensions (${width} × ${height})`,
    );
  }
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    return problem(
      `图片尺寸过大（${width} × ${height}），每边不超过 ${MAX_IMAGE_SIDE} 像素、总计不超过 2 亿像素`,
      `the image is too large (${width} × ${height}); at most ${MAX_IMAGE_SIDE} px a side and 200 megapixels`,
    );
  }
  return undefined;
}
