import { fileURLToPath } from 'node:url';
import { DOCUMENT_FONT_FILE, DOCUMENT_FONTS_SOURCE } from '../../infra/layers/documentFonts.js';

/**
 * The environment the document renderer reads, for tests that set documents without the API harness
 * (test/support/api.ts sets the same and much more): the font where the layer's folder has it, and a
 * table name, which the config schema requires of every process.
 */
export const DOCUMENT_FONT_PATH = fileURLToPath(
  new URL(`../../${DOCUMENT_FONTS_SOURCE}/${DOCUMENT_FONT_FILE}`, import.meta.url),
);
process.env.DOCUMENT_FONT = DOCUMENT_FONT_PATH;
process.env.TABLE_NAME ??= 'homestead-exit-test';
