/**
 * The SQS queues pipeline-admin works on, through the SQS client spring-cloud-aws
 * configures from {@code spring.cloud.aws.*}.
 */
package io.telemetrypipeline.admin.sqs;
