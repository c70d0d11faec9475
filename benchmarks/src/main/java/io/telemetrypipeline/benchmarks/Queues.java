package io.telemetrypipeline.benchmarks;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Fresh SQS queues for the stages, so that no stage sees another's messages: creates
 * them, fills them, tells how many messages they still hold and deletes them.
 */
final class Queues implements AutoCloseable {

	private static final int FILL_THREADS = 4;

	private final PipelineInfrastructure servers;

	private final SqsClient sqs;

	private final AtomicInteger sequence = new AtomicInteger();

	Queues(PipelineInfrastructure servers) {
		this.servers = servers;
		this.sqs = client(servers.sqsEndpoint());
	}

	/**
	 * An SQS client for an endpoint of these servers, e.g. a proxy in front of them.
	 * @param endpoint the endpoint
	 * @return a new client; the caller closes it
	 */
	SqsClient client(URI endpoint) {
		return SqsClient.builder()
			.endpointOverride(endpoint)
			.region(Region.of(this.servers.sqsRegion()))
			.credentialsProvider(StaticCredentialsProvider.create(
					AwsBasicCredentials.create(PipelineInfrastructure.ACCESS_KEY, PipelineInfrastructure.SECRET_KEY)))
			.build();
	}

	/**
	 * Creates a new queue with the ingest queue's visibility timeout.
	 * @param purpose part of its name
	 * @return the new queue
	 */
	Queue create(String purpose) {
		String name = "bench-" + purpose + "-" + this.sequence.incrementAndGet();
		String url = this.sqs.createQueue(
				(request) -> request.queueName(name).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30")))
			.queueUrl();
		return new Queue(name, url);
	}

	/**
	 * Sends every body to the queue in batches of 10, from a few threads.
	 * @param queue the queue
	 * @param bodies the message bodies
	 */
	void fill(Queue queue, List<String> bodies) {
		ExecutorService senders = Executors.newFixedThreadPool(FILL_THREADS);
		try {
			List<Future<?>> sent = new ArrayList<>();
			int slice = (bodies.size() + FILL_THREADS - 1) / FILL_THREADS;
			for (int from = 0; from < bodies.size(); from += slice) {
				List<String> part = bodies.subList(from, Math.min(from + slice, bodies.size()));
				sent.add(senders.submit(() -> sendAll(queue, part)));
			}
			for (Future<?> future : sent) {
				future.get();
			}
		}
		catch (Exception ex) {
			throw new BenchmarkFailure("Could not fill " + queue.name(), ex);
		}
		finally {
			senders.shutdownNow();
		}
		int held = depth(queue);
		if (held != bodies.size()) {
			throw new BenchmarkFailure(queue.name() + " holds " + held + " messages after sending " + bodies.size());
		}
	}

	private void sendAll(Queue queue, List<String> bodies) {
		for (int i = 0; i < bodies.size(); i += 10) {
			send(queue, bodies.subList(i, Math.min(i + 10, bodies.size())));
		}
	}

	/**
	 * Sends up to 10 bodies in one batch.
	 * @param queue the queue
	 * @param bodies the bodies
	 */
	void send(Queue queue, List<String> bodies) {
		List<SendMessageBatchRequestEntry> entries = new ArrayList<>(bodies.size());
		for (int i = 0; i < bodies.size(); i++) {
			entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(bodies.get(i)).build());
		}
		SendMessageBatchResponse response = this.sqs
			.sendMessageBatch((request) -> request.queueUrl(queue.url()).entries(entries));
		if (!response.failed().isEmpty()) {
			throw new BenchmarkFailure("SQS refused messages: " + response.failed());
		}
	}

	/**
	 * Messages on the queue, visible or in flight.
	 * @param queue the queue
	 * @return the count
	 */
	int depth(Queue queue) {
		Map<QueueAttributeName, String> attributes = this.sqs
			.getQueueAttributes((request) -> request.queueUrl(queue.url())
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
			.attributes();
		return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
				+ Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
	}

	/**
	 * Checks that a stage took every message off its queue, then deletes the queue.
	 * @param queue the queue
	 */
	void requireEmptyAndDelete(Queue queue) {
		int left = depth(queue);
		if (left != 0) {
			throw new BenchmarkFailure(queue.name() + " still holds " + left + " messages at the end of its stage");
		}
		this.sqs.deleteQueue((request) -> request.queueUrl(queue.url()));
	}

	@Override
	public void close() {
		this.sqs.close();
	}

	/**
	 * A queue of one stage.
	 *
	 * @param name its name
	 * @param url its URL
	 */
	record Queue(String name, String url) {
	}

}
