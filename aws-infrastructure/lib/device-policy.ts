import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iot from 'aws-cdk-lib/aws-iot';
import { Construct } from 'constructs';
import { ResourceNames } from './names';

/** The IoT policy variable that AWS IoT resolves to the name of the thing the connection's certificate is attached to. */
const THING_NAME = '${iot:Connection.Thing.ThingName}';

/**
 * The IoT policy attached to every device certificate: a device may connect only with its thing name as client id,
 * only while its certificate is attached to that thing, and publish only to its own telemetry topic. ingest-service
 * trusts the client id the rule adds because of this binding (docs/security.md, device identity).
 */
export class DevicePolicy extends Construct {
  /** The policy's name, to attach it to certificates. */
  readonly policyName: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    const iotArn = (resource: string, resourceName: string) =>
      stack.formatArn({ service: 'iot', resource, resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    const policy = new iot.CfnPolicy(this, 'Resource', {
      policyName: ResourceNames.devicePolicy,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'iot:Connect',
            Resource: iotArn('client', THING_NAME),
            Condition: { Bool: { 'iot:Connection.Thing.IsAttached': 'true' } },
          },
          {
            Effect: 'Allow',
            Action: 'iot:Publish',
            Resource: iotArn('topic', `devices/${THING_NAME}/telemetry`),
          },
        ],
      },
    });
    this.policyName = policy.ref;
  }
}
