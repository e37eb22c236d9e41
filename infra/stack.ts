import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { API_STAGE, Api } from './constructs/api.js';
import { Data } from './constructs/data.js';
import { Events } from './constructs/events.js';
import { Observability } from './constructs/observability.js';
import { Portal, type PortalProps } from './constructs/portal.js';
import { RegistryImports } from './constructs/registryImports.js';
import { Uploads } from './constructs/uploads.js';
import { Workflow } from './constructs/workflow.js';
import { deploymentParameters } from './parameters.js';

export interface HomesteadExitStackProps extends StackProps {
  /** the built portal to upload (portal/dist); omitted: the site bucket starts empty */
  portalAssets?: string;
  portalDomain?: PortalProps['domain'];
  /** the Cognito domain prefix; default: context `cognitoDomainPrefix`, else derived from the stack id */
  cognitoDomainPrefix?: string;
}

/**
 * The whole system on AWS, in the order a request meets it: data that outlives the stack, the event
 * backbone, the case workflow, upload verification, identity and the HTTP API, the portal in front,
 * and the alarms around it all (docs/architecture.md).
 */
export class HomesteadExitStack extends Stack {
  readonly data: Data;
  readonly events: Events;
  readonly workflow: Workflow;
  readonly uploads: Uploads;
  readonly registryImports: RegistryImports;
  readonly api: Api;
  readonly portal: Portal;
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: HomesteadExitStackProps = {}) {
    super(scope, id, props);
    const deployment = deploymentParameters(this);
    this.data = new Data(this, 'Data');
    const { table, documents } = this.data;
    this.events = new Events(this, 'Events', { table });
    const { bus } = this.events;
    this.workflow = new Workflow(this, 'Workflow', { table, bus });
    this.uploads = new Uploads(this, 'Uploads', { table, documents, bus });
    this.registryImports = new RegistryImports(this, 'RegistryImports', { table, documents, bus });
    const domainPrefix =
      props.cognitoDomainPrefix ?? (this.node.tryGetContext('cognitoDomainPrefix') as string | undefined);
    this.api = new Api(this, 'Api', {
      table,
      documents,
      bus,
      stateMachine: this.workflow.stateMachine,
      ...(domainPrefix ? { domainPrefix } : {}),
      origin: {
        domainName: deployment.ApiOriginDomain,
        certificateArn: deployment.ApiOriginCertificateArn,
      },
    });
    this.portal = new Portal(this, 'Portal', {
      apiOriginDomain: this.api.originDomain.name,
      webAclArn: deployment.WebAclArn,
      accessLogs: this.data.accessLogs,
      ...(props.portalAssets ? { assetsDir: props.portalAssets } : {}),
      ...(props.portalDomain ? { domain: props.portalDomain } : {}),
      config: {
        cognito: { domain: this.api.signInDomainUrl, clientId: this.api.client.userPoolClientId },
      },
    });
    this.api.allowSignInFrom(this.portal.origins);
    this.data.allowUploadsFrom(this.portal.origins);
    this.observability = new Observability(this, 'Observability', {
      stateMachine: this.workflow.stateMachine,
      bus,
      apiStage: this.api.stage,
      deadLetterQueues: {
        Notify: this.events.notifyDeadLetters,
        Projection: this.events.projectionDeadLetters,
        Uploads: this.uploads.deadLetters,
        RegistryImports: this.registryImports.deadLetters,
      },
    });

    const output = (name: string, value: string, description: string) =>
      new CfnOutput(this, name, { value, description });
    output('ApiUrl', `${this.portal.url}/${API_STAGE}`, 'Base URL of API.md (same origin as the portal)');
    output('ApiOriginUrl', this.api.originUrl, 'The HTTP API without CloudFront and its web ACL (operators)');
    output('ApiOriginTarget', this.api.originTarget, 'Point the DNS record of ApiOriginDomain here (CNAME)');
    output('PortalUrl', this.portal.url, 'The portal');
    output('UserPoolId', this.api.userPool.userPoolId, 'Cognito user pool');
    output('UserPoolClientId', this.api.client.userPoolClientId, 'Cognito app client of the portal');
    output('UserPoolDomain', this.api.signInDomainUrl, 'Hosted sign-in (managed login) and OAuth endpoints');
    output('StateMachineArn', this.workflow.stateMachine.stateMachineArn, 'The case state machine');
    output('TableName', table.tableName, 'The single table');
    output('DocumentsBucketName', documents.bucketName, 'Case documents');
    output('EventBusName', bus.eventBusName, 'Domain events');
    output('AlarmTopicArn', this.observability.alarmTopic.topicArn, 'Subscribe operators here');
  }
}
