/** A cell as the file holds it: CSV gives text; xlsx text, numbers, booleans and dates; null when empty. */
export type RawCell = string | number | boolean | Date | null;
