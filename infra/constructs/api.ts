import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StringAttribute,
  UserPool,
  type UserPoolClient,
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

export interface ApiProps {
  table: ITable;
  documents: IBucket;
  bus: IEventBus;
  stateMachine: IStateMachine;
}

/** The stage name is the `/api` prefix, so CloudFront forwards `/api/*` unchanged (API.md's base URL). */
export const API_STAGE = 'api';

/** The custom attributes the JWT carries as `custom:<name>` (shared/auth/principal.ts reads them). */
export const CUSTOM_ATTRIBUTES = ['householdId', 'village', 'district'] as const;

/**
 * Identity and the HTTP API: a Cognito user pool with the five role groups and the scope attributes,
 * an HTTP API whose every route (API.md) requires a Cognito JWT, and one Lambda per route.
 */
export class Api extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly handlers: Record<RouteId, AppFunction>;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.userPool = new UserPool(this, 'Users', {
      // staff create the accounts and bind them to a household, village or district: a user who could
      // sign up alone could also choose the attributes that authorization trusts
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      // TOTP only: SMS MFA would need an SNS role allowed to publish to any number
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
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
      'AwsSolutions-COG2',
      'MFA is optional (TOTP) because applicants are rural households signing in on basic phones without authenticator apps; staff are required by policy to enrol, and money decisions need two administrators above the threshold (four eyes).',
    );
    acknowledge(
      this.userPool,
      'AwsSolutions-COG8',
      'The Plus feature plan (threat protection) is priced per active user and not offered in every region the city may deploy to (China regions); accounts are staff-created, self sign-up is off, and passwords are 12+ characters with all classes.',
    );
    for (const role of ROLES) {
      this.userPool.addGroup(role, { groupName: role, description: `homestead-exit role ${role}` });
    }
    this.client = this.userPool.addClient('Portal', {
      authFlows: { userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(7),
      // the scope attributes are set by staff (admin API), never by the user through this client
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
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

    this.handlers = Object.fromEntries(
      ROUTE_IDS.map((routeId) => {
        const spec = ROUTES[routeId];
        const fn = new AppFunction(this, routeId, {
          entry: `functions/api/${routeId}.ts`,
          description: `${spec.method} ${spec.path}`,
        }).bindTable(props.table, spec.table);
        if (spec.events) fn.bindEvents(props.bus);
        if (spec.workflow) fn.bindWorkflow(props.stateMachine, spec.workflow);
        if (spec.documents) fn.bindDocuments(props.documents, spec.documents);
        this.httpApi.addRoutes({
          path: spec.path,
          methods: [HttpMethod[spec.method]],
          integration: new HttpLambdaIntegration(`${routeId}Integration`, fn.fn),
        });
        return [routeId, fn];
      }),
    ) as Record<RouteId, AppFunction>;
  }

  /** The invoke URL of the stage: API.md's base URL on AWS (`…/api`). */
  get url(): string {
    return this.stage.url;
  }
}
