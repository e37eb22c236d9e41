import * as z from 'zod';

/**
 * A file answer (`GET /fund/ledger/export`, `GET /reports/quarterly?format=csv|xlsx`): CSV text, or an
 * xlsx sent base64 with `isBase64Encoded` (the client receives the bytes). The HTTP edge never parses a
 * file against a schema (functions/api/http/route.ts answers `text` and `binary` as they are); this
 * entry records what the route answers, for the contract's list of routes.
 */
export const exportFileSchema = z.string().describe('text/csv; charset=utf-8 or an xlsx workbook');
