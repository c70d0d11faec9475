import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { IngestServiceAccount, ResourceNames } from './names';

/**
 * What ingest-service does with its queue: receive, delete, extend a batch's visibility, read the queue's attributes
 * (its visibility timeout; KEDA reads the queue depth with this role too) and resolve the queue's URL from its name
 * (spring-cloud-aws does, from telemetry.ingest.queue).
 */
export const INGEST_SERVICE_ACTIONS = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
];

/**
 * ingest-service's IAM role, assumed through IRSA by the pods of its ServiceAccount (namespace telemetry, name
 * ingest-service) and by nothing else: it may consume the ingest queue and do nothing more. persistence-service has
 * no AWS role at all.
 */
export class IngestServiceRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: { eksOidcIssuer: string; ingestQueue: sqs.IQueue }) {
    super(scope, id);
    const issuer = props.eksOidcIssuer;
    const provider = Stack.of(this).formatArn({
      service: 'iam',
      region: '',
      resource: 'oidc-provider',
      resourceName: issuer,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    this.role = new iam.Role(this, 'Role', {
      roleName: ResourceNames.ingestServiceRole,
      description: 'ingest-service (IRSA): consumes the ingest queue',
      assumedBy: new iam.WebIdentityPrincipal(provider, {
        StringEquals: {
          [`${issuer}:sub`]: `system:serviceaccount:${IngestServiceAccount.namespace}:${IngestServiceAccount.name}`,
          [`${issuer}:aud`]: 'sts.amazonaws.com',
        },
      }),
      inlinePolicies: {
        ConsumeIngestQueue: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ actions: INGEST_SERVICE_ACTIONS, resources: [props.ingestQueue.queueArn] })],
        }),
      },
    });
  }
}
