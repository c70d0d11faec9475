package io.telemetrypipeline.admin.sqs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One SQS queue by name: its URL, attributes and messages, each call waited for.
 */
public final class SqsQueue {

	/** SQS handles at most 10 messages per call. */
	public static final int MAX_BATCH = 10;

	private final SqsAsyncClient sqs;

	private final String name;

	private final String url;

	private SqsQueue(SqsAsyncClient sqs, String name, String url) {
		this.sqs = sqs;
		this.name = name;
		this.url = url;
	}

	/**
	 * Looks a queue up by name.
	 * @param sqs the client
	 * @param name the queue's name
	 * @return the queue
	 */
	public static SqsQueue named(SqsAsyncClient sqs, String name) {
		return new SqsQueue(sqs, name, join(sqs.getQueueUrl((request) -> request.queueName(name))).queueUrl());
	}

	public String name() {
		return this.name;
	}

	public String url() {
		return this.url;
	}

	public SqsAsyncClient client() {
		return this.sqs;
	}

	/**
	 * Every attribute of the queue.
	 * @return attribute to value
	 */
	public Map<QueueAttributeName, String> attributes() {
		return join(this.sqs
			.getQueueAttributes((request) -> request.queueUrl(this.url).attributeNames(QueueAttributeName.ALL)))
			.attributes();
	}

	/**
	 * The messages on the queue, visible or in flight, as SQS approximates them.
	 * @return the approximate count
	 */
	public long approximateMessages() {
		Map<QueueAttributeName, String> attributes = attributes();
		return Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")) + Long
			.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
	}

	/**
	 * Receives up to 10 messages with their attributes, invisible to others for
	 * {@code visibility}.
	 * @param visibility how long the messages stay invisible
	 * @param wait how long the receive waits for a message
	 * @return the messages, none when the queue had none visible
	 */
	public List<Message> receive(Duration visibility, Duration wait) {
		return join(this.sqs.receiveMessage((request) -> request.queueUrl(this.url)
			.maxNumberOfMessages(MAX_BATCH)
			.visibilityTimeout((int) visibility.toSeconds())
			.waitTimeSeconds((int) wait.toSeconds())
			.messageSystemAttributeNames(MessageSystemAttributeName.ALL)
			.messageAttributeNames("All"))).messages();
	}

	/**
	 * Makes received messages visible again at once.
	 * @param messages the messages
	 */
	public void makeVisible(List<Message> messages) {
		for (int i = 0; i < messages.size(); i += MAX_BATCH) {
			List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
			List<Message> batch = messages.subList(i, Math.min(i + MAX_BATCH, messages.size()));
			for (int n = 0; n < batch.size(); n++) {
				entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
					.id("m" + n)
					.receiptHandle(batch.get(n).receiptHandle())
					.visibilityTimeout(0)
					.build());
			}
			join(this.sqs.changeMessageVisibilityBatch((request) -> request.queueUrl(this.url).entries(entries)));
		}
	}

	/**
	 * Waits for an SQS call, with its own failure rather than a
	 * {@link CompletionException}.
	 * @param <T> the answer's type
	 * @param call the call
	 * @return the answer
	 */
	public static <T> T join(CompletableFuture<T> call) {
		try {
			return call.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw ex;
		}
	}

}
