import { Node } from 'constructs';

/** Which kind of ingest queue the stack creates. */
export type QueueType = 'standard' | 'fifo';

/**
 * The stack's settings, read from CDK context (`-c key=value` or cdk.json), each checked with a message that
 * says what to pass.
 */
export interface Settings {
  /** `standard` (the default) or `fifo`: per-device order from SQS on, message group = the device's client id. */
  readonly queueType: QueueType;
  /**
   * The EKS cluster's OpenID Connect issuer without its scheme, e.g.
   * `oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE`: whose ServiceAccount tokens may assume
   * ingest-service's role. Its IAM OIDC provider must exist in the account (eksctl utils associate-iam-oidc-provider).
   */
  readonly eksOidcIssuer: string;
}

/** Context keys. */
export const ContextKeys = {
  queueType: 'queueType',
  eksOidcIssuer: 'eksOidcIssuer',
} as const;

/** A context value that the stack cannot work with. */
export class SettingsError extends Error {}

/**
 * Reads and checks the settings.
 * @param node the app's node, whose context holds the values
 * @returns the settings
 */
export function settingsFrom(node: Node): Settings {
  return {
    queueType: queueType(node.tryGetContext(ContextKeys.queueType)),
    eksOidcIssuer: eksOidcIssuer(node.tryGetContext(ContextKeys.eksOidcIssuer)),
  };
}

function queueType(value: unknown): QueueType {
  if (value === undefined || value === 'standard') {
    return 'standard';
  }
  if (value === 'fifo') {
    return 'fifo';
  }
  throw new SettingsError(
    `Context ${ContextKeys.queueType} is '${String(value)}': pass -c ${ContextKeys.queueType}=standard (the default) ` +
      `or -c ${ContextKeys.queueType}=fifo`,
  );
}

function eksOidcIssuer(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new SettingsError(
      `Context ${ContextKeys.eksOidcIssuer} is missing: pass the EKS cluster's OIDC issuer, e.g. ` +
        `-c ${ContextKeys.eksOidcIssuer}=$(aws eks describe-cluster --name <cluster> ` +
        `--query cluster.identity.oidc.issuer --output text)`,
    );
  }
  const issuer = value.trim().replace(/^https:\/\//, '').replace(/\/$/, '');
  if (!/^[A-Za-z0-9.-]+(\/[A-Za-z0-9._-]+)*$/.test(issuer)) {
    throw new SettingsError(
      `Context ${ContextKeys.eksOidcIssuer} is '${value}', not an OIDC issuer such as ` +
        `oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE`,
    );
  }
  return issuer;
}
