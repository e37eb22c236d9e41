import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DistrictCode } from '../../domain/model/common.js';
import { type PolicyParameters, policyParametersSchema } from '../../domain/model/policy.js';
import { parametersInForce } from '../../domain/policy/parametersInForce.js';
import { documentClient } from '../clients.js';
import { requireConfig } from '../config.js';
import { keys } from '../keys.js';
import { queryFrom } from './dynamo.js';

/**
 * The versions this container has read, by table, district and version. A version is written once
 * (`attribute_not_exists`) and never changed or deleted (cases refer to it), so a version read once is
 * the version for the life of the container: the lookup of a case's own version (every workflow step's
 * deadlines, the agreement) needs no request after the first. Which version is *in force* is never
 * answered from here: a new version may be added any day.
 */
const knownVersions = new Map<string, PolicyParameters>();
/** A bound, not a tuning figure: a district has a handful of versions. */
const MAX_KNOWN_VERSIONS = 1000;
const versionKey = (districtCode: string, version: string) =>
  `${requireConfig('TABLE_NAME')}|${districtCode}|${version}`;

function remember(districtCode: string, versions: readonly PolicyParameters[]): void {
  if (knownVersions.size + versions.length > MAX_KNOWN_VERSIONS) knownVersions.clear();
  for (const v of versions) knownVersions.set(versionKey(districtCode, v.version), structuredClone(v));
}

/** Versioned policy parameters per district (政策参数), kept in the table, never in code. */
export async function listParameterVersions(districtCode: DistrictCode): Promise<PolicyParameters[]> {
  return (await listStoredVersions(districtCode)).map((v) => v.version);
}

/**
 * Every version of a district with its stored item (`meta`: who proposed and approved it, absent on
 * seeded versions), in order of their effective day (the sort key begins with it: every one is at or
 * after "0"); every page read.
 */
export async function listStoredVersions(
  districtCode: string,
): Promise<{ version: PolicyParameters; meta: Record<string, unknown> }[]> {
  const stored = (await queryFrom(`POLICY#${districtCode}`, '0')).map((item) => ({
    version: policyParametersSchema.parse(item.data),
    meta: item,
  }));
  remember(
    districtCode,
    stored.map((v) => v.version),
  );
  return stored;
}

export async function parametersInForceFor(
  districtCode: DistrictCode,
  onDate: string,
): Promise<PolicyParameters> {
  return parametersInForce(await listParameterVersions(districtCode), districtCode, onDate);
}

/** The exact version a case was priced with (a case keeps it even after a new version takes effect). */
export async function parametersVersion(
  districtCode: DistrictCode,
  version: string,
): Promise<PolicyParameters | undefined> {
  const known = knownVersions.get(versionKey(districtCode, version));
  // a copy: a caller that changed its parameters must not change them for the next
  if (known) return structuredClone(known);
  return (await listParameterVersions(districtCode)).find((v) => v.version === version);
}

/** Adds a version; an existing version is never overwritten (cases refer to it). */
export async function putParameterVersion(p: PolicyParameters): Promise<boolean> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: requireConfig('TABLE_NAME'),
        Item: { ...keys.policy(p.districtCode, p.effectiveFrom, p.version), itemType: 'policy', data: p },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
