import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Synthesized, synthesize } from './synth.js';

/**
 * cdk-nag's AWS Solutions rules run as a validation plugin on every synth (infra/buildApp.ts): synth
 * itself fails on an unacknowledged error. These tests also check the acknowledgements: each is used,
 * sits on the narrowest construct, names its finding (appliesTo evidence) and says why.
 */
interface Ack {
  path: string;
  id: string;
  reason: string;
  construct: IConstruct;
}

function acknowledgements(root: IConstruct): Ack[] {
  const out: Ack[] = [];
  const walk = (c: IConstruct) => {
    for (const m of c.node.metadata) {
      if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [key, reason] of Object.entries(m.data as Record<string, string>)) {
        out.push({ path: c.node.path, id: key.replace(/^annotation::/i, ''), reason, construct: c });
      }
    }
    for (const child of c.node.children) walk(child);
  };
  walk(root);
  return out;
}

/** Every finding AWS Solutions would report if nothing were acknowledged. */
function rawFindings(app: App): { ruleName: string; path: string }[] {
  const pack = new AwsSolutionsChecks();
  (pack as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
  return pack.validateScope(app).violations.flatMap((v) =>
    v.violatingResources.map((r) => ({
      ruleName: v.ruleName,
      path: r.constructPath ?? '',
    })),
  );
}

const variants: [string, () => Synthesized][] = [
  ['without portal assets', () => synthesize()],
  [
    'with portal assets (BucketDeployment) and a custom domain',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'homestead-portal-'));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'index.html'), '<!doctype html><title>portal</title>');
      const synthesized = synthesize({
        portalAssets: dir,
        portalDomain: 'exit.example.cn',
        portalCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
      });
      return {
        ...synthesized,
        cleanup: () => {
          synthesized.cleanup();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
];

describe.each(variants)('AwsSolutionsChecks %s', (_name, make) => {
  let s: Synthesized;
  beforeAll(() => {
    // synthesize() runs app.synth(), which throws when the plugin reports an unacknowledged error
    s = make();
  });
  afterAll(() => s?.cleanup());

  it('reports nothing unacknowledged, errors or warnings', () => {
    const report = new AwsSolutionsChecks().validateScope(s.app);
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`)).toEqual(
      [],
    );
    expect(report.success).toBe(true);
  });

  it('every acknowledgement covers a finding that really occurs there (none is stale)', () => {
    const raw = rawFindings(s.app);
    expect(raw.length).toBeGreaterThan(0);
    for (const ack of acknowledgements(s.app)) {
      const covered = raw.some(
        (f) => f.ruleName === ack.id && (f.path === ack.path || f.path.startsWith(`${ack.path}/`)),
      );
      expect(covered, `${ack.id} on ${ack.path}`).toBe(true);
    }
  });

  it('every acknowledgement sits on a resource-level construct, names its finding and gives a reason', () => {
    const acks = acknowledgements(s.app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      const where = `${ack.id} on ${ack.path}`;
      expect(ack.construct instanceof Stack || ack.construct instanceof App, where).toBe(false);
      expect(ack.reason.length, where).toBeGreaterThanOrEqual(60);
      // rules with several findings per resource are acknowledged one finding at a time
      if (/AwsSolutions-IAM[45]/.test(ack.id))
        expect(ack.id, where).toMatch(/\[(Resource|Action|Policy)::.+\]$/);
    }
  });

  it('MFA (COG2) and the web ACL (CFR2) are met, never acknowledged', () => {
    const acks = acknowledgements(s.app).map((a) => a.id);
    expect(acks.filter((id) => /AwsSolutions-(COG2|CFR2)\b/.test(id))).toEqual([]);
    // met, not merely unreported: the raw findings (nothing acknowledged) have neither
    const raw = rawFindings(s.app).map((f) => f.ruleName);
    expect(raw.filter((r) => /AwsSolutions-(COG2|CFR2)\b/.test(r))).toEqual([]);
  });

  it('on the user pool only the Plus plan (COG8) and the SMS role publishing to phone numbers are acknowledged', () => {
    const pool = `${s.stack.node.path}/Api/Users`;
    const acks = acknowledgements(s.app).filter((a) => a.path === pool || a.path.startsWith(`${pool}/`));
    expect(acks.map((a) => `${a.path.slice(pool.length) || '.'} ${a.id}`).sort()).toEqual([
      '. AwsSolutions-COG8',
      '/smsRole AwsSolutions-IAM5[Resource::*]',
    ]);
  });

  it('the only IAM wildcards acknowledged are X-Ray and log delivery, prefixes of objects, Lambda versions, and CDK deploy-time helpers', () => {
    for (const ack of acknowledgements(s.app).filter((a) => a.id.startsWith('AwsSolutions-IAM5'))) {
      const finding = ack.id.slice('AwsSolutions-IAM5['.length, -1);
      const allowed =
        finding === 'Resource::*' ||
        // a case's objects, quarantine/, the issued documents' own prefixes (agreement previews, notice
        // lists), and the registry's import files (issue 19)
        /^Resource::<DataDocuments[A-F0-9]+\.Arn>\/(cases|quarantine|previews|notices|registry-imports)\//.test(
          finding,
        ) ||
        /^Resource::<Workflow\w+Function[A-F0-9]+\.Arn>:\*$/.test(finding) ||
        ack.path.includes('CDKBucketDeployment');
      expect(allowed, `${finding} on ${ack.path}`).toBe(true);
    }
  });
});
