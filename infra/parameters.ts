import { CfnParameter, type Stack } from 'aws-cdk-lib';

/**
 * What only a deployment knows, as CloudFormation parameters rather than synth-time context: the
 * template stays one region- and account-agnostic artifact that synthesizes (tests, the local runtime)
 * without them, while CloudFormation refuses to deploy it until each is given (no defaults unless the
 * context names one). `cdk deploy HomesteadExit --parameters WebAclArn=… --parameters ApiOriginDomain=…
 * --parameters ApiOriginCertificateArn=…`, or the context keys in `DEPLOYMENT_PARAMETERS`.
 */
export const DEPLOYMENT_PARAMETERS = {
  WebAclArn: {
    context: 'webAclArn',
    description:
      'The web ACL of the distribution: scope CLOUDFRONT, so in us-east-1 (the HomesteadExitEdge stack outputs one)',
    // arn:<partition>:wafv2:us-east-1:<account>:global/webacl/<name>/<id>
    allowedPattern:
      '^arn:aws[a-z-]*:wafv2:us-east-1:[0-9]{12}:global/webacl/[A-Za-z0-9_-]{1,128}/[a-f0-9-]{36}$',
  },
  ApiOriginDomain: {
    context: 'apiOriginDomain',
    description:
      "The HTTP API's custom domain, CloudFront's origin for /api/* (e.g. api-origin.exit.example.cn); point its DNS at the ApiOriginTarget output",
    allowedPattern: '^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$',
  },
  ApiOriginCertificateArn: {
    context: 'apiOriginCertificateArn',
    description: "An ACM certificate for ApiOriginDomain in the stack's own region",
    allowedPattern: '^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[a-f0-9-]{36}$',
  },
} as const;

export type DeploymentParameter = keyof typeof DEPLOYMENT_PARAMETERS;

/** The parameters, each defaulting to its context value when the context sets one. */
export function deploymentParameters(stack: Stack): Record<DeploymentParameter, string> {
  const out = {} as Record<DeploymentParameter, string>;
  for (const [name, spec] of Object.entries(DEPLOYMENT_PARAMETERS) as [
    DeploymentParameter,
    (typeof DEPLOYMENT_PARAMETERS)[DeploymentParameter],
  ][]) {
    const fromContext = stack.node.tryGetContext(spec.context) as unknown;
    out[name] = new CfnParameter(stack, name, {
      type: 'String',
      description: spec.description,
      allowedPattern: spec.allowedPattern,
      constraintDescription: `${name}: ${spec.description}`,
      ...(typeof fromContext === 'string' && fromContext !== '' ? { default: fromContext } : {}),
    }).valueAsString;
  }
  return out;
}
