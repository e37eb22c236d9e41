import { fundKeys } from './keys.js';

/**
 * The fund approvals' list by status (issue 17): an approval item also carries the `FundQueue` index's
 * keys — the partition `FUNDAPPROVAL#{district}#{status}` (apart from the queue's `FUNDQ#…` partitions),
 * the sort key its own `APPROVAL#{approvalId}` (time-ordered ids: oldest first, as the table's own order)
 * — rewritten with its status, so `GET /fund/approvals?status=` is one key-condition Query per page
 * instead of the district's approvals read through a filter until a page fills.
 */
export const APPROVAL_LIST_INDEX = 'FundQueue';

export function approvalListKeys(district: string, status: string, approvalId: string) {
  return {
    GSI4PK: `FUNDAPPROVAL#${district}#${status}`,
    GSI4SK: fundKeys.approval(district, approvalId).SK,
  };
}
