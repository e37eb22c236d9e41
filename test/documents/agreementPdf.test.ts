import './documentEnv.js';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AgreementContent,
  type AgreementContentInput,
  agreementContent,
} from '../../shared/documents/agreement/agreementContent.js';
import { agreementDefinition, PREVIEW_WATERMARK } from '../../shared/documents/agreement/agreementLayout.js';
import { renderAgreementPdf } from '../../shared/documents/agreement/agreementPdf.js';
import { contentSha256 } from '../../shared/documents/contentHash.js';
import { renderPdf } from '../../shared/documents/pdf/render.js';
import { compact, type PdfText, pdfText } from '../support/pdfText.js';
import { cashCase, contractCase, equityCase, housingPreview } from './agreementFixtures.js';

/**
 * The agreement as a person reads it: each kind of case is set as a PDF, parsed back with PDF.js
 * (test/support/pdfText.ts) and checked against the case — names, every priced line, the totals in
 * figures and 大写, the schedule, the verification line on every page, the preview's watermark — and
 * page 1 of the cash agreement against a committed golden text (UPDATE_GOLDEN=1 rewrites it).
 */
const MAX_BYTES = 300 * 1024;
const GOLDEN = fileURLToPath(new URL('./golden/agreement-cash-page1.txt', import.meta.url));

interface Rendered {
  input: AgreementContentInput;
  content: AgreementContent;
  pdf: Buffer;
  sha256: string;
  text: PdfText;
}

const CASES = { cash: cashCase, housing: housingPreview, contract: contractCase, equity: equityCase };
const rendered = new Map<keyof typeof CASES, Rendered>();

beforeAll(async () => {
  for (const [name, make] of Object.entries(CASES) as [keyof typeof CASES, () => AgreementContentInput][]) {
    const input = make();
    const content = agreementContent(input);
    const { pdf, contentSha256: sha256 } = await renderAgreementPdf(content);
    rendered.set(name, { input, content, pdf, sha256, text: await pdfText(pdf) });
  }
}, 60_000);

const get = (name: keyof typeof CASES): Rendered => {
  const r = rendered.get(name);
  if (!r) throw new Error(`${name} was not rendered`);
  return r;
};

describe.each(Object.keys(CASES) as (keyof typeof CASES)[])('the %s agreement as a PDF', (name) => {
  it('names the household head, the village and the case type', () => {
    const { input, content, text } = get(name);
    const all = compact(text.text);
    const head = input.household.members.find((m) => m.memberId === input.household.headMemberId);
    expect(all).toContain(compact(`甲方（退出方）：${head?.name}`));
    expect(all).toContain(input.village.name);
    expect(text.pages[0]?.lines[0]).toBe(content.title);
  });

  it('shows every priced line, the totals in figures and in 大写, and every tranche', () => {
    const { content, text } = get(name);
    const all = compact(text.text);
    for (const line of content.lines) {
      expect(all).toContain(compact(line.label));
      expect(all).toContain(compact(line.amountText));
    }
    for (const total of content.totals) {
      expect(all).toContain(compact(`${total.label}${total.money.figures}大写：${total.money.capital}`));
    }
    const tranches = content.schedule.rows.map((r) => r.amount.fen);
    expect(tranches.reduce((s, f) => s + f, 0)).toBe(content.payable.fen);
    for (const row of content.schedule.rows) {
      expect(all).toContain(
        compact(`第 ${row.tranche} 期${row.due}${row.sharePct}%${row.amount.figures.slice(1)}${row.payer}`),
      );
    }
  });

  it('carries the case id and the content hash on every page, and the hash is of the content', () => {
    const { content, sha256, text } = get(name);
    expect(sha256).toBe(contentSha256(content));
    for (const page of text.pages) {
      expect(page.lines).toContain(`案件编号 ${content.caseId} · 内容校验码（SHA-256）${sha256}`);
    }
    expect(text.info.Keywords).toBe(`content-sha256:${sha256}`);
  });

  it('is watermarked 预览 exactly when it is a preview', () => {
    const { content, text } = get(name);
    expect(content.signed).toBe(name !== 'housing');
    const watermarked = text.pages.map((p) => p.lines.includes(PREVIEW_WATERMARK));
    expect(watermarked).toEqual(text.pages.map(() => !content.signed));
  });

  it(`weighs less than ${MAX_BYTES / 1024} KB`, () => {
    const { pdf, text } = get(name);
    console.info(`agreement ${name}: ${pdf.byteLength} bytes, ${text.pages.length} pages`);
    expect(pdf.byteLength).toBeLessThan(MAX_BYTES);
  });
});

describe('the agreement PDF', () => {
  it('states the signature time of a signed agreement, and a preview says it is not signed', () => {
    expect(compact(get('cash').text.text)).toContain(
      compact('甲方签署时间：2026年12月6日 16:30（北京时间）'),
    );
    expect(compact(get('housing').text.text)).toContain('尚未签署');
    expect(compact(get('housing').text.text)).toContain(compact('差价（甲方需补交）¥333,459.00'));
  });

  it('is the same bytes every time it is set', async () => {
    const { content, pdf } = get('cash');
    const again = await renderAgreementPdf(agreementContent(cashCase()));
    expect(again.pdf.equals(pdf)).toBe(true);
    const direct = await renderPdf(
      agreementDefinition(content, { contentSha256: 'x'.repeat(64), signed: true }),
      {
        title: 't',
        createdAt: content.issuedAt,
      },
    );
    const direct2 = await renderPdf(
      agreementDefinition(content, { contentSha256: 'x'.repeat(64), signed: true }),
      {
        title: 't',
        createdAt: content.issuedAt,
      },
    );
    expect(direct.equals(direct2)).toBe(true);
  });

  it(`page 1 of the cash agreement reads as the golden text${process.env.UPDATE_GOLDEN ? ' (rewritten)' : ''}`, () => {
    const lines = get('cash').text.pages[0]?.lines ?? [];
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(dirname(GOLDEN), { recursive: true });
      writeFileSync(GOLDEN, `${lines.join('\n')}\n`);
    }
    // a missing golden file fails: it is committed, and only UPDATE_GOLDEN=1 writes it
    expect(existsSync(GOLDEN)).toBe(true);
    const golden = readFileSync(GOLDEN, 'utf8').replace(/\n$/, '').split('\n');
    // line by line, so a failure names the first line that moved
    lines.forEach((line, i) => {
      expect(`${i + 1}: ${line}`).toBe(`${i + 1}: ${golden[i]}`);
    });
    expect(lines.length).toBe(golden.length);
  });
});
