import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DistrictCode } from '../../domain/model/common.js';
import { type PolicyParameters, policyParametersSchema } from '../../domain/model/policy.js';
import { parametersInForce } from '../../domain/policy/parametersInForce.js';
import { documentClient } from '../clients.js';
import { requireConfig } from '../config.js';
import { keys } from '../keys.js';

/** Versioned policy parameters per district (政策参数), kept in the table, never in code. */
export async function listParameterVersions(districtCode: DistrictCode): Promise<PolicyParameters[]> {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: requireConfig('TABLE_NAME'),
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `POLICY#${districtCode}` },
    }),
  );
  return (out.Items ?? []).map((i) => policyParametersSchema.parse(i.data));
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
