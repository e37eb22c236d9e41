import type { RegistryImportFormat } from '../contract/registryImports.js';
import { layoutFile } from './layout.js';

export { templateContentType, templateFileName } from './layout.js';

/**
 * The empty import template (`GET /registry/imports/template?format=`): xlsx with the header row on the
 * sheet 农户登记 and the sheet 填写说明 explaining every column (which rows fill it, required or not, the
 * allowed values and units); CSV as UTF-8 with a byte-order mark and the header row. docs/registry-import.md.
 */
export async function registryTemplate(format: RegistryImportFormat): Promise<Uint8Array> {
  return layoutFile(format, []);
}
