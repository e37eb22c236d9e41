import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { WebAcl, type WebAclLimits } from './constructs/webAcl.js';

/** CloudFront takes web ACLs of scope CLOUDFRONT only, and those exist only in us-east-1. */
export const EDGE_REGION = 'us-east-1';

export interface EdgeStackProps extends StackProps {
  limits?: WebAclLimits;
}

/**
 * The web ACL of the portal's distribution, in its own small stack pinned to us-east-1 (the main
 * stack stays region-agnostic). Its `WebAclArn` output is the main stack's `WebAclArn` parameter.
 * Not for a China region: AWS WAF there is regional only (infra/README.md).
 */
export class EdgeStack extends Stack {
  readonly webAcl: WebAcl;

  constructor(scope: Construct, id: string, props: EdgeStackProps = {}) {
    super(scope, id, { ...props, env: { ...props.env, region: EDGE_REGION } });
    this.webAcl = new WebAcl(this, 'WebAcl', props.limits);
    new CfnOutput(this, 'WebAclArn', {
      value: this.webAcl.arn,
      description: 'Pass to the main stack: --parameters WebAclArn=<this>',
    });
  }
}
