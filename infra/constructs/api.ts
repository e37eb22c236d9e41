import { Duration, Fn, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  ApiMapping,
  DomainName,
  EndpointType,
  HttpApi,
  HttpMethod,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
  SecurityPolicy,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  ClientAttributes,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  UserPoolOperation,
} from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ROUTE_IDS, type RouteId } from '../../shared/auth/authorization.js';
import { ROLES } from '../../shared/auth/principal.js';
import { ROUTES } from '../api/routes.js';
import { acknowledge } from '../nag.js';
import { AppFunction } from './appFunction.js';
import { DocumentFonts } from './documentFonts.js';

/** Memory of the functions that set a PDF (the rest keep AppFunction's 512 MB). */
export const DOCUMENT_MEMORY_MB = 1024;

export interface ApiProps {
  table: ITable;
  documents: IBucket;
  bus: IEventBus;
  stateMachine: IStateMachine;
  /**
   * The prefix of the sign-in domain, `https://<prefix>.auth.<region>.amazoncognito.com` (context
   * `cognitoDomainPrefix`); default: the stack name and a suffix from the stack id (`defaultDomainPrefix`).
   */
  domainPrefix?: string;
  /**
   * The API's own custom domain, CloudFront's origin for `/api/*` (the execute-api endpoint is off), with
   * a regional ACM certificate of the stack's region. DNS must point the name at `originTarget`.
   */
  origin: { domainName: string; certificateArn: string };
}

/**
 * The `/api` prefix of API.md's base URL: the stage's name and the API mapping key of the API's custom
 * domain, so CloudFront forwards `/api/*` unchanged and the mapping strips it.
 */
export const API_STAGE = 'api';

/**
 * The custom attributes the JWT carries as `custom:<name>` (shared/auth/principal.ts reads them and checks
 * their form, e.g. a 9-digit town). Cognito can add a custom attribute to a pool but never change or
 * remove one, so each is declared alike and loosely (a string of 1 to 64 characters, mutable by staff).
 */
export const CUSTOM_ATTRIBUTES = ['householdId', 'village', 'district', 'town'] as const;

/** The scopes the portal asks for (`scope` in portal/src/auth/cognito.ts); the client allows exactly these. */
export const PORTAL_SCOPES = ['openid', 'phone', 'email', 'profile'] as const;
/** Where the hosted sign-in returns the authorization code, on every origin of the portal. */
export const CALLBACK_PATH = '/auth/callback';

/**
 * Cognito domain prefixes are one namespace per region shared by every account, and may not contain
 * `aws`, `amazon` or `cognito`.
 */
export function validDomainPrefix(prefix: string): boolean {
  return /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix) && !/aws|amazon|cognito/.test(prefix);
}

/**
 * The default domain prefix: `<stack name>-<8 hex digits of the stack id>`. The stack name alone would
 * collide with every other deployment of this project in the region; the stack id is known on a fresh
 * deploy (no lookup, no context to set), fixed for the stack's life, and does not put the account id
 * in a public URL. Its UUID is time-based: the first group (the low bits of the creation time) differs
 * between stacks, the last one (the node) often does not.
 */
function defaultDomainPrefix(stack: Stack): string {
  const name = Token.isUnresolved(stack.stackName) ? 'homestead-exit' : stack.stackName;
  const slug =
    name
      .toLowerCase()
      .replace(/aws|amazon|cognito/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'homestead-exit';
  const uuid = Fn.select(2, Fn.split('/', stack.stackId));
  return `${slug}-${Fn.select(0, Fn.split('-', uuid))}`;
}

/**
 * Identity and the HTTP API: a Cognito user pool with a group per role (ROLES) and the scope attributes,
 * an HTTP API whose every route (API.md) requires a Cognito JWT, and one Lambda per route.
 */
export class Api extends Construct {
  readonly userPool: UserPool;
  /** the pre-token-generation trigger (functions/auth/staffSignIn.ts) */
  readonly staffSignIn: AppFunction;
  readonly client: UserPoolClient;
  /** the Cognito domain of the hosted sign-in (managed login) and of the OAuth endpoints */
  readonly domain: UserPoolDomain;
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  /** the API's custom domain (the only way in: the execute-api endpoint is disabled) */
  readonly originDomain: DomainName;
  readonly handlers: Record<RouteId, AppFunction>;
  readonly accessLogs: LogGroup;
  private readonly portalOrigins: string[] = [];

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.userPool = new UserPool(this, 'Users', {
      // staff create the accounts and bind them to a household, village or district: a user who could
      // sign up alone could also choose the attributes that authorization trusts
      selfSignUpEnabled: false,
      // households sign in with the phone number staff registered for them (they apply on phones and
      // many have no email); staff may use their email. Aliases, not username attributes: the username
      // stays when a number changes. Cognito cannot change sign-in aliases on an existing pool.
      signInAliases: { username: true, email: true, phone: true },
      // an alias signs in only once verified: staff set phone_number_verified when they bind the
      // number; a number or email a user changes is verified by a code
      autoVerify: { email: true, phone: true },
      // `name` (issue 18): the person's name, set by staff with the account (admin API), carried in the ID
      // token as the standard `name` claim and stored with the timeline entries the person writes
      standardAttributes: {
        phoneNumber: { required: false, mutable: true },
        fullname: { required: false, mutable: true },
      },
      signInCaseSensitive: false,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // MFA for everyone (cdk-nag COG2): households get their code by SMS on the phone staff registered
      // for them (basic phones have no authenticator app); staff have no phone number in the pool, so
      // Cognito makes them set up an authenticator app (TOTP) at their first sign-in, and the sign-in
      // trigger below refuses a staff account that has one (shared/auth/staffSignIn.ts)
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: true },
      mfaMessage: '宅基地退出办理：您的登录验证码是 {####}，请勿告诉他人。',
      // a verified phone first, else a verified email; Cognito never resets a password by the phone
      // that is also the user's second factor (that phone alone would then be the whole account), so
      // a household that forgets its password is reset by staff (admin-set-user-password)
      accountRecovery: AccountRecovery.PHONE_WITHOUT_MFA_AND_EMAIL,
      // codes and invitations go by SMS to households, so they are in Chinese (zh-CN first)
      userVerification: { smsMessage: '宅基地退出办理：您的验证码是 {####}，请勿告诉他人。' },
      userInvitation: {
        smsMessage: '宅基地退出办理：您的账号 {username}，临时密码 {####}，请在3天内登录并修改密码。',
      },
      featurePlan: FeaturePlan.ESSENTIALS,
      customAttributes: Object.fromEntries(
        CUSTOM_ATTRIBUTES.map((name) => [
          name,
          new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        ]),
      ),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.userPool,
      'AwsSolutions-COG8',
      'The Plus feature plan (threat protection) is priced per active user and not offered in every region the city may deploy to (China regions); accounts are staff-created, self sign-up is off, and passwords are 12+ characters with all classes.',
    );
    // verification codes, invitations and recovery codes by SMS: CDK creates the role Cognito assumes
    // (with an external id) to publish through SNS
    const smsRole = this.userPool.node.tryFindChild('smsRole');
    if (smsRole) {
      acknowledge(
        smsRole,
        'AwsSolutions-IAM5',
        "Cognito sends verification, invitation and account-recovery SMS by publishing directly to phone numbers through SNS, which has no resource ARN (sns:Publish on *); the role only trusts cognito-idp with this pool's external id and has no other action.",
        ['Resource::*'],
      );
    }
    // every sign-in and refresh of the ID token (V1): staff get the `staff_mfa` claim, a staff account
    // with a phone number (an SMS second factor) is refused
    this.staffSignIn = new AppFunction(this, 'StaffSignIn', {
      entry: 'functions/auth/staffSignIn.ts',
      description: 'Cognito pre-token-generation: staff sign in with an authenticator app (MFA)',
      memorySize: 256,
      timeout: Duration.seconds(5),
    });
    this.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION, this.staffSignIn.fn);
    for (const role of ROLES) {
      this.userPool.addGroup(role, { groupName: role, description: `homestead-exit role ${role}` });
    }
    this.client = this.userPool.addClient('Portal', {
      authFlows: { userSrp: true },
      // a browser keeps no secret: authorization code with PKCE (portal/src/auth/cognito.ts), never the
      // implicit grant, which would put tokens in the URL
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.PHONE, OAuthScope.EMAIL, OAuthScope.PROFILE],
        // the portal is built after the API (CloudFront needs the API as origin), so its URLs arrive
        // through allowSignInFrom; the template then has client → distribution → API, and the JWT
        // authorizer → client, which is no cycle
        callbackUrls: Lazy.list({ produce: () => this.signInOrigins().map((o) => `${o}${CALLBACK_PATH}`) }),
        logoutUrls: Lazy.list({ produce: () => this.signInOrigins().map((o) => `${o}/`) }),
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      // a working day and more without signing in again: the portal trades the refresh token for a new
      // ID token before each hour runs out (portal/src/auth/refresh.ts); sign-out revokes nothing the
      // browser keeps (sessionStorage), but a leaked refresh token can be revoked
      refreshTokenValidity: Duration.days(7),
      enableTokenRevocation: true,
      // the scope attributes are set by staff (admin API), never by the user through this client
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
    });

    const domainPrefix = props.domainPrefix ?? defaultDomainPrefix(stack);
    if (!Token.isUnresolved(domainPrefix) && !validDomainPrefix(domainPrefix)) {
      throw new Error(
        `cognitoDomainPrefix "${domainPrefix}": 1-63 lowercase letters, digits and inner hyphens, without aws, amazon or cognito`,
      );
    }
    // managed login (not the classic hosted UI, which is English only): its pages come in Chinese with
    // the portal's `lang=zh-CN`, and the Essentials plan includes it. It shows a client's pages only
    // once the client has a style, hence the branding with Cognito's own defaults.
    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    new CfnManagedLoginBranding(this, 'PortalLoginStyle', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    const authorizer: IHttpRouteAuthorizer = new HttpJwtAuthorizer(
      'CognitoJwt',
      `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`,
      { jwtAudience: [this.client.userPoolClientId], identitySource: ['$request.header.Authorization'] },
    );
    this.httpApi = new HttpApi(this, 'Http', {
      description: 'homestead-exit HTTP API (API.md)',
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
      // no https://<id>.execute-api.<region>…: the API is reached through its custom domain, which
      // only CloudFront (with the web ACL) is meant to use
      disableExecuteApiEndpoint: true,
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: API_STAGE,
      autoDeploy: true,
      throttle: { rateLimit: 200, burstLimit: 400 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        // no headers, no body: the Authorization header and personal data stay out of the logs
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            sub: '$context.authorizer.claims.sub',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    this.originDomain = new DomainName(this, 'OriginDomain', {
      domainName: props.origin.domainName,
      certificate: Certificate.fromCertificateArn(this, 'OriginCertificate', props.origin.certificateArn),
      endpointType: EndpointType.REGIONAL,
      securityPolicy: SecurityPolicy.TLS_1_2,
    });
    new ApiMapping(this, 'OriginMapping', {
      api: this.httpApi,
      domainName: this.originDomain,
      stage: this.stage,
      apiMappingKey: API_STAGE,
    });

    const fonts = new DocumentFonts(this, 'DocumentFonts');
    // the routes that set a PDF (pdfmake) or write a spreadsheet (exceljs) take those libraries from a layer
    const spreadsheetWriters: ReadonlySet<RouteId> = new Set<RouteId>([
      'getQuarterlyReport',
      'exportLedger',
      'getRegistryImportTemplate',
    ]);
    // and the start of a registry import reads one (up to 20 MB: its sheet's header row, exceljs)
    const spreadsheetReaders: ReadonlySet<RouteId> = new Set<RouteId>(['startRegistryImport']);
    this.handlers = Object.fromEntries(
      ROUTE_IDS.map((routeId) => {
        const spec = ROUTES[routeId];
        const fn = new AppFunction(this, routeId, {
          entry: `functions/api/${routeId}.ts`,
          description: `${spec.method} ${spec.path}`,
          // setting a PDF parses a 5 MB font and lays out pages: CPU-bound, and Lambda's CPU grows
          // with memory (≈ 0.3–0.5 s on this project's 2-core machine; docs/documents.md)
          ...(spec.documentFont || spreadsheetReaders.has(routeId) ? { memorySize: DOCUMENT_MEMORY_MB } : {}),
          documentLibraries:
            spec.documentFont === true || spreadsheetWriters.has(routeId) || spreadsheetReaders.has(routeId),
        }).bindTable(props.table, spec.table, [
          // every POST takes an Idempotency-Key (test/infra/routes.test.ts): Powertools deletes its
          // record when the request fails, so that a retry runs again
          ...(spec.method === 'POST' ? (['idempotency'] as const) : []),
          ...(spec.deletes ?? []),
        ]);
        if (spec.events) fn.bindEvents(props.bus);
        if (spec.workflow) fn.bindWorkflow(props.stateMachine, spec.workflow);
        if (spec.documents) fn.bindDocuments(props.documents, spec.documents);
        if (spec.documentFont) fn.bindDocumentFont(fonts);
        this.httpApi.addRoutes({
          path: spec.path,
          methods: [HttpMethod[spec.method]],
          integration: new HttpLambdaIntegration(`${routeId}Integration`, fn.fn),
        });
        return [routeId, fn];
      }),
    ) as Record<RouteId, AppFunction>;
  }

  /** The origins the hosted sign-in may return to (`<origin>/auth/callback`) and sign out to (`<origin>/`). */
  allowSignInFrom(origins: readonly string[]): void {
    this.portalOrigins.push(...origins);
  }

  /** `https://<prefix>.auth.<region>.amazoncognito.com`: what the portal's /config.json calls `domain`. */
  get signInDomainUrl(): string {
    return this.domain.baseUrl();
  }

  private signInOrigins(): string[] {
    if (this.portalOrigins.length === 0) {
      throw new Error(
        'the Portal client needs its callback origins: call Api.allowSignInFrom(portal.origins)',
      );
    }
    return this.portalOrigins;
  }

  /** `https://<origin domain>/api`: the API without CloudFront (for operators; the web ACL is not on it). */
  get originUrl(): string {
    return `https://${this.originDomain.name}/${API_STAGE}`;
  }

  /** What the origin domain's DNS record (CNAME or alias) must point at. */
  get originTarget(): string {
    return this.originDomain.regionalDomainName;
  }
}
