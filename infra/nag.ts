import type { CfnElement } from 'aws-cdk-lib';
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag findings on one construct (never on the stack or the app), each with a written
 * reason. With `findings`, only those exact findings are acknowledged (cdk-nag 3's `Rule[finding]`
 * ids, the appliesTo evidence of older versions); any other finding of the rule still fails synth.
 */
export function acknowledge(
  construct: IConstruct,
  rule: string,
  reason: string,
  findings?: readonly string[],
): void {
  if (construct instanceof Stack || construct.node.scope === undefined) {
    throw new Error(`acknowledge ${rule} on the construct it concerns, not on ${construct.node.path}`);
  }
  const ids = findings ? findings.map((f) => `${rule}[${f}]`) : [rule];
  for (const id of ids) Validations.of(construct).acknowledge({ id, reason });
}

/** How cdk-nag names a resource attribute in a finding: `<LogicalId.Arn>`. */
export function nagRef(element: CfnElement, attribute = 'Arn'): string {
  return `<${Stack.of(element).getLogicalId(element)}.${attribute}>`;
}
