import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EdgeStack } from './edgeStack.js';
import { projectPath } from './paths.js';
import { HomesteadExitStack } from './stack.js';

export const STACK_NAME = 'HomesteadExit';
/** The web ACL's stack (us-east-1), left out when context `webAclArn` names an existing web ACL. */
export const EDGE_STACK_NAME = 'HomesteadExitEdge';

export interface BuildOptions {
  /** where the cloud assembly goes; the CLI's CDK_OUTDIR wins when set */
  outdir?: string;
  /** false: skip esbuild bundling (assertion tests); `npm run synth` always bundles */
  bundle?: boolean;
  context?: Record<string, unknown>;
}

function cdkJsonContext(): Record<string, unknown> {
  const json = JSON.parse(readFileSync(projectPath('cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return json.context ?? {};
}

/**
 * The CDK app: the one stack, env-agnostic (no account or region is looked up, so synth never needs
 * credentials or the network), with cdk-nag's AWS Solutions rules run as a policy-validation plugin
 * on every synth; an unacknowledged error fails the synth.
 *
 * Context: `webAclArn` (an existing CloudFront web ACL; without it the app has the HomesteadExitEdge
 * stack), `apiOriginDomain`, `apiOriginCertificateArn` (defaults of the deployment parameters,
 * infra/parameters.ts), `portalAssets` (default portal/dist when it exists), `portalDomain` with
 * `portalCertificateArn`, `logLevel` (Powertools, default INFO), `cognitoDomainPrefix` (the Cognito
 * domain prefix; default derived from the stack id).
 */
export function buildApp(opts: BuildOptions = {}): {
  app: App;
  stack: HomesteadExitStack;
  edge: EdgeStack | undefined;
} {
  const context: Record<string, unknown> = {
    ...cdkJsonContext(),
    // as under the CLI: the template names each asset's directory (the local runtime finds bundles by it)
    'aws:cdk:enable-asset-metadata': true,
    ...(opts.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
    ...opts.context,
  };
  const app = new App({ ...(opts.outdir ? { outdir: opts.outdir } : {}), context });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

  const assets = app.node.tryGetContext('portalAssets') as string | undefined;
  const portalAssets =
    assets === undefined
      ? existsSync(projectPath('portal/dist/index.html'))
        ? projectPath('portal/dist')
        : undefined
      : assets === ''
        ? undefined
        : isAbsolute(assets)
          ? assets
          : projectPath(assets);
  const domainName = app.node.tryGetContext('portalDomain') as string | undefined;
  const certificateArn = app.node.tryGetContext('portalCertificateArn') as string | undefined;

  const webAclArn = app.node.tryGetContext('webAclArn') as string | undefined;
  const edge = webAclArn
    ? undefined
    : new EdgeStack(app, EDGE_STACK_NAME, {
        description: 'homestead-exit: the CloudFront web ACL (us-east-1) of the portal and the API',
      });
  const stack = new HomesteadExitStack(app, STACK_NAME, {
    description: 'homestead-exit: voluntary paid exit of rural homestead and contract-land rights (Zibo)',
    ...(portalAssets ? { portalAssets } : {}),
    ...(domainName && certificateArn ? { portalDomain: { name: domainName, certificateArn } } : {}),
  });
  // deploy order only (`cdk deploy --all`); its ARN still arrives as the WebAclArn parameter, since
  // CloudFormation cannot reference across regions
  if (edge) stack.addStackDependency(edge, 'the web ACL of the distribution');
  return { app, stack, edge };
}
