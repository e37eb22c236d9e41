import { describe, expect, it } from 'vitest';
import { DEMO_HOUSEHOLDS } from '../../local/seed/demoData.js';
import { en } from '../../portal/src/i18n/en.js';
import { zhCN } from '../../portal/src/i18n/zh-CN.js';
import { homesteadStatusSchema, normaliseCertificateNo } from '../../shared/domain/model/household.js';

/**
 * Registry integrity (docs/registry-integrity.md) holds for the demo data too: the seed writes every demo
 * household through the registry, which refuses a certificate number held by another parcel, so one
 * repeated number would stop `npm start`. And every parcel status has a label in the portal.
 */
describe('demo registry', () => {
  it('gives every parcel a certificate number of its own', () => {
    const holders = new Map<string, string[]>();
    for (const d of DEMO_HOUSEHOLDS) {
      for (const p of d.record.homesteads ?? []) {
        const key = normaliseCertificateNo(p.certificateNo);
        holders.set(key, [...(holders.get(key) ?? []), `${d.record.householdId}/${p.parcelId}`]);
      }
    }
    expect(holders.size).toBeGreaterThan(30);
    expect([...holders].filter(([, parcels]) => parcels.length > 1)).toEqual([]);
  });
});

describe('portal parcel status labels', () => {
  it('names every parcel status in Chinese and English', () => {
    for (const status of homesteadStatusSchema.options) {
      expect(zhCN.parcelStatus[status], status).toMatch(/[\u4e00-\u9fff]/);
      expect(en.parcelStatus[status], status).toBeTruthy();
    }
  });
});
