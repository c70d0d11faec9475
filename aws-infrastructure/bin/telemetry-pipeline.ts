#!/usr/bin/env node
/*
 * The CDK app: one stack, checked by cdk-nag's AwsSolutions rules at synthesis. Every finding fails the synthesis
 * unless it is acknowledged beside the resource it concerns, with the reason (written into the template's
 * Metadata too, under cdk_nag).
 *
 *   npx cdk synth -c eksOidcIssuer=oidc.eks.<region>.amazonaws.com/id/<id> [-c queueType=fifo]
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { settingsFrom, SettingsError } from '../lib/settings';
import { STACK_NAME, TelemetryPipelineStack } from '../lib/telemetry-pipeline-stack';

const app = new App();
try {
  const settings = settingsFrom(app.node);
  new TelemetryPipelineStack(app, STACK_NAME, {
    settings,
    description: `telemetry-pipeline: IoT rule, device policy, ${settings.queueType} ingest queue, ingest-service role`,
  });
} catch (error) {
  if (error instanceof SettingsError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }));
