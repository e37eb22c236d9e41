import { keys } from '../adapters/keys.js';
import { batchGetItems, itemAt } from '../adapters/table/batchGet.js';

/**
 * Which of these village codes are registered (the parser's `knownVillages`): one BatchGetItem per 100
 * codes, instead of a GetItem each (a city's file names thousands of villages).
 */
export async function knownVillages(villageCodes: readonly string[]): Promise<ReadonlySet<string>> {
  const items = await batchGetItems(villageCodes.map((code) => keys.village(code)));
  return new Set(villageCodes.filter((code) => itemAt(items, keys.village(code)) !== undefined));
}
