import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { API_STAGE } from './api.js';

/** The AWS managed rule groups the web ACL runs, in order after the rate limits. */
export const MANAGED_RULE_GROUPS = [
  // sources Amazon threat intelligence lists as bots, scanners and DDoS participants
  'AWSManagedRulesAmazonIpReputationList',
  // OWASP-style generic protections (XSS, LFI, RFI, bad user agents, oversized parts)
  'AWSManagedRulesCommonRuleSet',
  // request patterns of known exploits (Log4j, Java deserialization, Host header localhost…)
  'AWSManagedRulesKnownBadInputsRuleSet',
] as const;

/**
 * Rules of the Common rule set that only count: `SizeRestrictions_BODY` blocks a body over 8 KB, and a
 * household's registry record or an objection's text can pass that; API Gateway caps bodies at 10 MB
 * and every route validates its body's fields and lengths (shared/contract).
 */
export const COUNTED_COMMON_RULES = ['SizeRestrictions_BODY'] as const;

export interface WebAclLimits {
  /**
   * Requests per source IP in 5 minutes, on every path. Households mostly reach the service through
   * mobile carriers' NAT, where thousands of phones share an address, so this only stops floods.
   */
  perIp: number;
  /** Requests per bearer token in 5 minutes on `/api/*`: one user's browser or script. */
  perToken: number;
}

export const DEFAULT_LIMITS: WebAclLimits = { perIp: 6000, perToken: 1500 };

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

const apiPaths: CfnWebACL.StatementProperty = {
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: 'STARTS_WITH',
    searchString: `/${API_STAGE}/`,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
};

/**
 * The web ACL in front of the portal and the API (CloudFront scope, so it must be created in
 * us-east-1: infra/edgeStack.ts). Rate limits first (per IP, and per bearer token on the API), then
 * AWS managed rule groups; everything else is allowed and left to the JWT authorizer and the handlers.
 */
export class WebAcl extends Construct {
  readonly acl: CfnWebACL;

  constructor(scope: Construct, id: string, limits: WebAclLimits = DEFAULT_LIMITS) {
    super(scope, id);
    const managed = MANAGED_RULE_GROUPS.map(
      (name, i): CfnWebACL.RuleProperty => ({
        name,
        priority: 10 + i,
        overrideAction: { none: {} },
        statement: {
          managedRuleGroupStatement: {
            vendorName: 'AWS',
            name,
            ...(name === 'AWSManagedRulesCommonRuleSet'
              ? {
                  ruleActionOverrides: COUNTED_COMMON_RULES.map((rule) => ({
                    name: rule,
                    actionToUse: { count: {} },
                  })),
                }
              : {}),
          },
        },
        visibilityConfig: visibility(name),
      }),
    );
    this.acl = new CfnWebACL(this, 'Acl', {
      scope: 'CLOUDFRONT',
      description: 'homestead-exit portal and API behind CloudFront',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('HomesteadExitEdge'),
      rules: [
        {
          name: 'RatePerIp',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: { limit: limits.perIp, evaluationWindowSec: 300, aggregateKeyType: 'IP' },
          },
          visibilityConfig: visibility('RatePerIp'),
        },
        {
          name: 'RatePerToken',
          priority: 1,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: limits.perToken,
              evaluationWindowSec: 300,
              // a request without the header is not counted here (the authorizer answers it 401)
              aggregateKeyType: 'CUSTOM_KEYS',
              customKeys: [
                { header: { name: 'authorization', textTransformations: [{ priority: 0, type: 'NONE' }] } },
              ],
              scopeDownStatement: apiPaths,
            },
          },
          visibilityConfig: visibility('RatePerToken'),
        },
        ...managed,
      ],
    });
  }

  get arn(): string {
    return this.acl.attrArn;
  }
}
