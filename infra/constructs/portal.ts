import { type CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledge, nagRef } from '../nag.js';
import { API_STAGE } from './api.js';

export interface PortalProps {
  /** the API's custom domain (Api.originDomain): the origin of `/api/*` */
  apiOriginDomain: string;
  /** the web ACL (scope CLOUDFRONT, us-east-1) on the whole distribution */
  webAclArn: string;
  accessLogs: IBucket;
  /** built portal (portal/dist); when absent the bucket is created empty */
  assetsDir?: string;
  /** a custom domain with its ACM certificate (us-east-1), which also allows TLS 1.2+ only */
  domain?: { name: string; certificateArn: string };
  /** written to `/config.json` with the assets (deploy-time values resolved then) */
  config?: PortalConfig;
}

/** `/config.json`, which the portal reads on load (portal/src/auth/cognito.ts, `loadCognitoConfig`). */
export interface PortalConfig {
  cognito: { domain: string; clientId: string };
}

/** The portal's runtime configuration, next to index.html. */
export const CONFIG_KEY = 'config.json';

// deep links of the single-page portal (/cases/123) are served index.html; files keep their paths
const SPA_REWRITE = `function handler(event) {
  var request = event.request;
  if (request.uri.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

/**
 * The portal: static files in a private bucket behind CloudFront (origin access control), and the
 * HTTP API on the same origin under `/api/*`, so the browser needs no CORS for the API and the
 * `api` stage name is the path prefix API.md documents.
 */
export class Portal extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  private readonly domainName: string | undefined;

  constructor(scope: Construct, id: string, props: PortalProps) {
    super(scope, id);
    this.domainName = props.domain?.name;
    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'portal/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    });

    const apiOrigin = new HttpOrigin(props.apiOriginDomain, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });
    const spaRewrite = new EdgeFunction(this, 'SpaRewrite', {
      code: FunctionCode.fromInline(SPA_REWRITE),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'homestead-exit portal: deep links → index.html',
    });

    this.distribution = new Distribution(this, 'Cdn', {
      comment: 'homestead-exit portal and API',
      // AWS managed rules and rate limits before anything reaches the bucket or the API (infra/edgeStack.ts)
      webAclId: props.webAclArn,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'cloudfront/',
      ...(props.domain
        ? {
            domainNames: [props.domain.name],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        functionAssociations: [{ function: spaRewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        [`/${API_STAGE}/*`]: {
          origin: apiOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // forwards every viewer header (Authorization, Idempotency-Key) and the query string, but not
          // Host: API Gateway finds the custom domain by its own name
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        },
      },
    });
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'A public service for households wherever they work (many live in cities, some abroad); every API route requires a Cognito JWT, so location adds no protection worth locking residents out.',
    );
    if (!props.domain) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        'Without a custom domain the *.cloudfront.net default certificate is used and CloudFront does not let it pin TLS 1.2; set context portalDomain and portalCertificateArn to get TLSv1.2_2021.',
      );
    }

    if (props.assetsDir) {
      new BucketDeployment(this, 'Deploy', {
        sources: [Source.asset(props.assetsDir)],
        destinationBucket: this.bucket,
        // the sync neither uploads a config.json of the build nor prunes the deployed one
        exclude: [CONFIG_KEY],
        distribution: this.distribution,
        distributionPaths: ['/*'],
        memoryLimit: 256,
      });
      if (props.config) {
        // the portal fetches it on every load. The default behaviour's CachingOptimized policy honours
        // the object's Cache-Control down to its 1 s minimum TTL, so `no-cache` keeps the edge at most a
        // second behind and makes browsers revalidate; the other files keep their caching.
        new BucketDeployment(this, 'DeployConfig', {
          sources: [Source.jsonData(CONFIG_KEY, props.config)],
          destinationBucket: this.bucket,
          prune: false,
          cacheControl: [CacheControl.noCache()],
          // the same memory as 'Deploy': one shared deploy-time handler, not two
          memoryLimit: 256,
        });
      }
      acknowledgeDeploymentHandler(this, this.bucket.node.defaultChild as CfnElement);
    }
  }

  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }

  /** Every origin the portal is served from (browsers upload documents from these). */
  get origins(): string[] {
    return [this.url, ...(this.domainName ? [`https://${this.domainName}`] : [])];
  }
}

/** CDK's BucketDeployment custom resource: a singleton function that only runs during deployment. */
function acknowledgeDeploymentHandler(scope: Construct, site: CfnElement): void {
  const stack = Stack.of(scope);
  const handler = stack.node.children.find((c) => c.node.id.includes('CDKBucketDeployment'));
  if (!handler) return;
  const role = handler.node.tryFindChild('ServiceRole');
  if (role) {
    acknowledge(
      role,
      'AwsSolutions-IAM4',
      "CDK's BucketDeployment custom resource (runs only at deployment, copies the built portal) uses AWSLambdaBasicExecutionRole for its own logs.",
      ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
    );
    const policy = role.node.tryFindChild('DefaultPolicy');
    if (policy) {
      acknowledge(
        policy,
        'AwsSolutions-IAM5',
        "CDK's BucketDeployment grants itself s3:GetObject*/List*/DeleteObject* on the asset bucket and on the portal bucket's objects, and cloudfront:CreateInvalidation; the wildcards are the construct library's, limited to those two buckets.",
        [
          'Action::s3:GetObject*',
          'Action::s3:GetBucket*',
          'Action::s3:List*',
          'Action::s3:DeleteObject*',
          'Action::s3:Abort*',
          'Resource::*',
          'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
          `Resource::${nagRef(site)}/*`,
        ],
      );
    }
  }
  const fn = handler.node.tryFindChild('Resource');
  if (fn) {
    acknowledge(
      fn,
      'AwsSolutions-L1',
      "The runtime of CDK's BucketDeployment handler is chosen by aws-cdk-lib (Python), not by this project; it runs only during deployment.",
    );
  }
}
