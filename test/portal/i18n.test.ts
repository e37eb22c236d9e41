import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../infra/paths.js';
import { en } from '../../portal/src/i18n/en.js';
import { zhCN } from '../../portal/src/i18n/zh-CN.js';
import { DOCUMENT_KINDS } from '../../shared/documents/documentModel.js';
import { CONTRACT_RULE_IDS, HOMESTEAD_RULE_IDS } from '../../shared/domain/model/finding.js';
import { RIGHT_LABELS } from '../../shared/domain/model/rights.js';
import { CASE_STATUSES } from '../../shared/domain/model/status.js';

/**
 * The portal speaks Chinese first and English on request: every text the screens ask for must exist in
 * both, and every status, rule, right and document kind the API can send must have a name in both.
 */
type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** i18next plural forms (key_one, key_other) answer for the plain key. */
const base = (key: string) => key.replace(/_(one|other|zero|two|few|many)$/, '');

const zh = flatten(zhCN as Tree);
const english = flatten(en as Tree);
const zhKeys = new Set([...zh.keys()].map(base));
const enKeys = new Set([...english.keys()].map(base));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !path.includes(`${join('src', 'i18n')}`) ? [path] : [];
  });
}

describe('portal translations', () => {
  it('has the same keys in Chinese and English', () => {
    expect([...zhKeys].filter((k) => !enKeys.has(k))).toEqual([]);
    expect([...enKeys].filter((k) => !zhKeys.has(k))).toEqual([]);
  });

  it('has no empty text and keeps every interpolation in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of zh) {
      expect(text.trim(), key).not.toBe('');
      const other = english.get(key) ?? english.get(`${key}_other`);
      expect(other, key).toBeDefined();
      expect(vars(other ?? ''), key).toEqual(vars(text));
    }
  });

  it('defines every literal key the screens use', () => {
    const used = new Set<string>();
    for (const file of sources(projectPath('portal/src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.-]*)'/g)) if (m[1]) used.add(m[1]);
      for (const m of text.matchAll(/\bkey: '([a-z][\w-]*\.[\w.-]+)'/g)) if (m[1]) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(200);
    expect([...used].filter((k) => !zhKeys.has(k))).toEqual([]);
    expect([...used].filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it('names every status, rule, right and document kind the API can send', () => {
    const needed = [
      ...CASE_STATUSES.map((s) => `status.${s}`),
      ...[...HOMESTEAD_RULE_IDS, ...CONTRACT_RULE_IDS].map((r) => `rule.${r}`),
      ...Object.keys(RIGHT_LABELS).map((r) => `right.${r}`),
      ...DOCUMENT_KINDS.flatMap((k) => [`docKind.${k}`, `docHint.${k}`]),
    ];
    expect(needed.filter((k) => !zhKeys.has(k) || !enKeys.has(k))).toEqual([]);
  });

  it('says the rights check positively, in the words of the issue', () => {
    expect(zhCN.rights.headlineHomestead).toBe('您的土地承包权和集体收益分配权不受影响');
  });
});
