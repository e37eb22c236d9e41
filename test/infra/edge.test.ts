import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, EDGE_STACK_NAME, STACK_NAME } from '../../infra/buildApp.js';
import { API_STAGE } from '../../infra/constructs/api.js';
import { COUNTED_COMMON_RULES, MANAGED_RULE_GROUPS } from '../../infra/constructs/webAcl.js';
import { EDGE_REGION } from '../../infra/edgeStack.js';
import { DEPLOYMENT_PARAMETERS } from '../../infra/parameters.js';
import { ENTRY_METADATA } from '../../infra/workflow/asl.js';
import { type Resource, resourcesOfType, type Synthesized, synthesizeShared } from './synth.js';
import { describeTableGrants } from './tableGrants.js';

/**
 * Issue 16, the stack's edge: every user signs in with MFA (COG2), the API is reachable only through
 * CloudFront with a web ACL (CFR2), and the deployment-specific values are parameters.
 */
let s: Synthesized;
let edge: Template;
let edgeJson: { Resources: Record<string, Resource>; Outputs?: Record<string, unknown> };
beforeAll(() => {
  s = synthesizeShared();
  const assembly = s.app.synth();
  edgeJson = assembly.getStackByName(EDGE_STACK_NAME).template;
  edge = Template.fromJSON(edgeJson);
});
afterAll(() => s?.cleanup());

// issue 16's table grants read the same synthesis (test/infra/tableGrants.ts)
describeTableGrants(() => s);

const one = (type: string, prefix = ''): [string, Resource] => {
  const found = resourcesOfType(s.json, type).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} ${prefix}*, found ${found.length}`);
  return found[0] as [string, Resource];
};

describe('MFA', () => {
  it('the user pool requires MFA, by SMS (households) or an authenticator app (staff)', () => {
    const [, pool] = one('AWS::Cognito::UserPool');
    expect(pool.Properties.MfaConfiguration).toBe('ON');
    expect([...(pool.Properties.EnabledMfas as string[])].sort()).toEqual(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
    expect(String(pool.Properties.SmsAuthenticationMessage)).toMatch(/[\u4e00-\u9fff].*\{####\}/);
  });

  it('every token is made through the staff sign-in trigger, which Cognito alone may invoke', () => {
    const [poolId, pool] = one('AWS::Cognito::UserPool');
    const [fnId] =
      resourcesOfType(s.json, 'AWS::Lambda::Function').find(
        ([, r]) => r.Metadata?.[ENTRY_METADATA] === 'functions/auth/staffSignIn.ts',
      ) ?? [];
    expect(fnId).toBeDefined();
    expect(pool.Properties.LambdaConfig).toEqual({ PreTokenGeneration: { 'Fn::GetAtt': [fnId, 'Arn'] } });
    const permissions = resourcesOfType(s.json, 'AWS::Lambda::Permission').filter(([, p]) =>
      JSON.stringify(p.Properties.FunctionName).includes(String(fnId)),
    );
    expect(permissions.map(([, p]) => p.Properties)).toEqual([
      expect.objectContaining({
        Action: 'lambda:InvokeFunction',
        Principal: 'cognito-idp.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [poolId, 'Arn'] },
      }),
    ]);
  });
});

describe('the API only through CloudFront', () => {
  it('the execute-api endpoint is disabled', () => {
    const [, api] = one('AWS::ApiGatewayV2::Api');
    expect(api.Properties.DisableExecuteApiEndpoint).toBe(true);
    expect(Object.keys(s.json.Outputs ?? {})).not.toContain('ExecuteApiUrl');
  });

  it('the API has its own regional custom domain (TLS 1.2), mapped at /api to the stage', () => {
    const [domainId, domain] = one('AWS::ApiGatewayV2::DomainName');
    expect(domain.Properties).toEqual({
      DomainName: { Ref: 'ApiOriginDomain' },
      DomainNameConfigurations: [
        {
          CertificateArn: { Ref: 'ApiOriginCertificateArn' },
          EndpointType: 'REGIONAL',
          SecurityPolicy: 'TLS_1_2',
        },
      ],
    });
    const [, mapping] = one('AWS::ApiGatewayV2::ApiMapping');
    const [, stage] = one('AWS::ApiGatewayV2::Stage');
    const [apiId] = one('AWS::ApiGatewayV2::Api');
    const [stageId] = one('AWS::ApiGatewayV2::Stage');
    expect(mapping.Properties).toEqual({
      ApiId: { Ref: apiId },
      DomainName: { Ref: domainId },
      // named, with a DependsOn so that the stage exists first
      Stage: stage.Properties.StageName,
      ApiMappingKey: API_STAGE,
    });
    expect(stage.Properties.StageName).toBe(API_STAGE);
    expect(mapping.DependsOn).toContain(stageId);
  });

  it('the distribution has the web ACL, and /api/* goes uncached, with every method and viewer header but Host, to that domain', () => {
    const [, dist] = one('AWS::CloudFront::Distribution');
    const config = dist.Properties.DistributionConfig as Record<string, unknown>;
    expect(config.WebACLId).toEqual({ Ref: 'WebAclArn' });
    const [behavior, ...others] = config.CacheBehaviors as Record<string, unknown>[];
    expect(others).toEqual([]);
    expect(behavior).toMatchObject({
      PathPattern: `/${API_STAGE}/*`,
      ViewerProtocolPolicy: 'https-only',
      // Managed-CachingDisabled and Managed-AllViewerExceptHostHeader (Authorization, Idempotency-Key…)
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
    });
    expect([...((behavior?.AllowedMethods as string[] | undefined) ?? [])].sort()).toEqual(
      ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'].sort(),
    );
    const origin = (config.Origins as Record<string, unknown>[]).find(
      (o) => o.Id === behavior?.TargetOriginId,
    );
    const [domainId] = one('AWS::ApiGatewayV2::DomainName');
    expect(origin).toMatchObject({
      DomainName: { Ref: domainId },
      CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
    });
  });

  it('the web ACL, the API domain and its certificate are deployment parameters without defaults, checked by pattern', () => {
    const params = (s.json as { Parameters?: unknown }).Parameters as Record<
      string,
      { Type: string; Default?: string; AllowedPattern: string }
    >;
    for (const name of Object.keys(DEPLOYMENT_PARAMETERS)) {
      expect(params[name], name).toMatchObject({ Type: 'String' });
      expect(params[name]?.Default, name).toBeUndefined();
    }
    const accepts = (name: keyof typeof DEPLOYMENT_PARAMETERS, value: string) =>
      new RegExp(String(params[name]?.AllowedPattern)).test(value);
    const aclId = '0123abcd-0123-4567-89ab-0123456789ab';
    expect(accepts('WebAclArn', `arn:aws:wafv2:us-east-1:123456789012:global/webacl/hx/${aclId}`)).toBe(true);
    // a regional web ACL cannot go on a distribution
    expect(accepts('WebAclArn', `arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/hx/${aclId}`)).toBe(
      false,
    );
    expect(accepts('ApiOriginDomain', 'api-origin.exit.example.cn')).toBe(true);
    expect(accepts('ApiOriginDomain', 'https://api.example.cn')).toBe(false);
    expect(
      accepts('ApiOriginCertificateArn', `arn:aws-cn:acm:cn-north-1:123456789012:certificate/${aclId}`),
    ).toBe(true);
    expect(Object.keys(s.json.Outputs ?? {})).toEqual(
      expect.arrayContaining(['ApiOriginUrl', 'ApiOriginTarget']),
    );
  });
});

describe('the web ACL stack', () => {
  it('is pinned to us-east-1, deployed before the main stack, and outputs the ARN the main stack takes', () => {
    const assembly = s.app.synth();
    expect(EDGE_REGION).toBe('us-east-1');
    expect(assembly.getStackByName(EDGE_STACK_NAME).environment.region).toBe('us-east-1');
    expect(assembly.getStackByName(STACK_NAME).dependencies.map((d) => d.id)).toContain(EDGE_STACK_NAME);
    expect(Object.keys(edgeJson.Outputs ?? {})).toContain('WebAclArn');
  });

  it('rate-limits per IP and per bearer token on /api/*, then runs the AWS managed rule groups', () => {
    const [acl] = resourcesOfType(edgeJson as never, 'AWS::WAFv2::WebACL').map(([, r]) => r);
    expect(acl?.Properties).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    // biome-ignore lint/suspicious/noExplicitAny: the template's rule objects, read as written
    const rules = acl?.Properties.Rules as Record<string, any>[];
    const [perIp, perToken, ...managed] = [...rules].sort((a, b) => a.Priority - b.Priority);
    expect(perIp).toMatchObject({
      Action: { Block: {} },
      Statement: { RateBasedStatement: { AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
    });
    expect(perToken).toMatchObject({
      Action: { Block: {} },
      Statement: {
        RateBasedStatement: {
          AggregateKeyType: 'CUSTOM_KEYS',
          CustomKeys: [{ Header: { Name: 'authorization' } }],
          ScopeDownStatement: {
            ByteMatchStatement: { SearchString: `/${API_STAGE}/`, PositionalConstraint: 'STARTS_WITH' },
          },
        },
      },
    });
    expect(managed.map((r) => r.Statement.ManagedRuleGroupStatement.Name)).toEqual([...MANAGED_RULE_GROUPS]);
    expect(managed.map((r) => r.Statement.ManagedRuleGroupStatement.VendorName)).toEqual(
      MANAGED_RULE_GROUPS.map(() => 'AWS'),
    );
    const common = managed.find((r) => r.Name === 'AWSManagedRulesCommonRuleSet');
    expect(common?.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual(
      COUNTED_COMMON_RULES.map((name) => ({ Name: name, ActionToUse: { Count: {} } })),
    );
    for (const r of rules) expect(r.VisibilityConfig.CloudWatchMetricsEnabled, r.Name).toBe(true);
    edge.resourceCountIs('AWS::WAFv2::WebACL', 1);
  });

  it('is left out when the context names an existing web ACL, which becomes the parameter default', () => {
    const arn =
      'arn:aws:wafv2:us-east-1:123456789012:global/webacl/city/0123abcd-0123-4567-89ab-0123456789ab';
    const built = buildApp({ bundle: false, context: { portalAssets: '', webAclArn: arn } });
    expect(built.edge).toBeUndefined();
    expect(built.app.node.tryFindChild(EDGE_STACK_NAME)).toBeUndefined();
    const params = Template.fromStack(built.stack).toJSON().Parameters as Record<
      string,
      { Default?: string }
    >;
    expect(params.WebAclArn?.Default).toBe(arn);
  });
});
