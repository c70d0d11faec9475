package io.telemetrypipeline.admin.redrive;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

import io.telemetrypipeline.admin.config.AdminProperties;
import io.telemetrypipeline.admin.console.Interruption;
import io.telemetrypipeline.admin.console.Pace;
import io.telemetrypipeline.admin.console.Progress;
import io.telemetrypipeline.admin.sqs.SqsQueue;
import lombok.extern.slf4j.Slf4j;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Moves every message of a dead-letter queue to its source queue. With a move task (SQS
 * {@code StartMessageMoveTask}) SQS moves them itself, at the given rate, and this only
 * follows it; on Ctrl-C the task is cancelled, what it moved stays moved. Without one it
 * copies: receive up to 10, send them to the source queue (body and message attributes;
 * on a FIFO queue the message group, and the original message id as the deduplication
 * id), and delete from the dead-letter queue exactly the messages the source queue
 * accepted. A crash between the send and the delete leaves a message on both queues,
 * never on neither; the copy on the dead-letter queue is moved again by the next run, and
 * a reading with a device {@code messageId} is stored once all the same.
 */
@Slf4j
@Component
class QueueRedrive {

	private static final Set<String> UNSUPPORTED = Set.of("UnsupportedOperation",
			"AWS.SimpleQueueService.UnsupportedOperation", "InvalidAction", "UnknownOperationException",
			"InvalidParameterValue");

	private static final Duration FOLLOW = Duration.ofMillis(500);

	private final ObjectProvider<SqsAsyncClient> sqs;

	private final AdminProperties properties;

	private final Interruption interruption;

	QueueRedrive(ObjectProvider<SqsAsyncClient> sqs, AdminProperties properties, Interruption interruption) {
		this.sqs = sqs;
		this.properties = properties;
		this.interruption = interruption;
	}

	/**
	 * Redrives a dead-letter queue.
	 * @param request what to move where, and how
	 * @param out where the report goes
	 * @param err where progress and warnings go
	 * @return whether the dead-letter queue was emptied (or, in a dry run, counted)
	 */
	boolean redrive(Request request, PrintWriter out, PrintWriter err) {
		SqsAsyncClient client = this.sqs.getObject();
		SqsQueue from = SqsQueue.named(client, request.from());
		SqsQueue to = SqsQueue.named(client, request.to());
		Map<QueueAttributeName, String> fromAttributes = from.attributes();
		Map<QueueAttributeName, String> toAttributes = to.attributes();
		String fromArn = fromAttributes.get(QueueAttributeName.QUEUE_ARN);
		String toArn = toAttributes.get(QueueAttributeName.QUEUE_ARN);
		String redrivePolicy = toAttributes.get(QueueAttributeName.REDRIVE_POLICY);
		if (redrivePolicy == null || !redrivePolicy.contains(fromArn)) {
			err.printf("warning: %s is not the dead-letter queue of %s (its redrive policy: %s)%n", request.from(),
					request.to(), redrivePolicy);
		}
		long waiting = from.approximateMessages();
		if (request.dryRun()) {
			out.printf("dry run of redrive %s -> %s: %d messages would move (%s); nothing received, nothing moved%n",
					request.from(), request.to(), waiting, request.method());
			out.flush();
			return true;
		}
		Progress progress = Progress.start(err, request.progress(), request.from(), waiting,
				this.properties.progressInterval());
		if (request.method() != Method.COPY) {
			try {
				return moveTask(client, request, fromArn, toArn, waiting, progress, out);
			}
			catch (SqsException ex) {
				if (request.method() == Method.TASK || !unsupported(ex)) {
					throw ex;
				}
				err.printf("SQS offers no message move task here (%s): copying instead%n", ex.getMessage());
			}
		}
		return copy(from, to, request, waiting, progress, out, err);
	}

	private boolean moveTask(SqsAsyncClient client, Request request, String fromArn, String toArn, long waiting,
			Progress progress, PrintWriter out) {
		String handle = SqsQueue.join(client.startMessageMoveTask((task) -> {
			task.sourceArn(fromArn).destinationArn(toArn);
			if (request.rate() > 0) {
				task.maxNumberOfMessagesPerSecond((int) Math.max(1, Math.min(500, Math.round(request.rate()))));
			}
		})).taskHandle();
		log.info("Started message move task {} from {} to {}", handle, request.from(), request.to());
		while (true) {
			ListMessageMoveTasksResultEntry task = latestTask(client, fromArn);
			long moved = (task != null && task.approximateNumberOfMessagesMoved() != null)
					? task.approximateNumberOfMessagesMoved() : 0;
			String status = (task != null) ? task.status() : "UNKNOWN";
			if ("COMPLETED".equals(status) || "CANCELLED".equals(status) || "FAILED".equals(status)) {
				progress.finish(moved, status.toLowerCase());
				out.printf("redrive %s -> %s by message move task %s: %s, %d messages moved%s%n", request.from(),
						request.to(), handle, status.toLowerCase(), moved,
						"FAILED".equals(status) ? " (" + task.failureReason() + ")" : "");
				out.flush();
				if ("FAILED".equals(status)) {
					throw new IllegalStateException("The message move task failed: " + task.failureReason()
							+ "; what it moved stays moved, run the command again for the rest");
				}
				return "COMPLETED".equals(status);
			}
			if (this.interruption.requested()) {
				SqsQueue.join(client.cancelMessageMoveTask((cancel) -> cancel.taskHandle(handle)));
				out.printf("redrive %s -> %s cancelled after about %d messages; run it again for the rest%n",
						request.from(), request.to(), moved);
				out.flush();
				return false;
			}
			progress.update(moved, status.toLowerCase());
			LockSupport.parkNanos(FOLLOW.toNanos());
		}
	}

	private static ListMessageMoveTasksResultEntry latestTask(SqsAsyncClient client, String fromArn) {
		List<ListMessageMoveTasksResultEntry> tasks = SqsQueue
			.join(client.listMessageMoveTasks((list) -> list.sourceArn(fromArn).maxResults(1)))
			.results();
		return tasks.isEmpty() ? null : tasks.get(0);
	}

	private boolean copy(SqsQueue from, SqsQueue to, Request request, long waiting, Progress progress, PrintWriter out,
			PrintWriter err) {
		Pace pace = Pace.of(request.rate());
		boolean fifo = to.name().endsWith(".fifo");
		long moved = 0;
		long notSent = 0;
		long notDeleted = 0;
		boolean emptied = false;
		while (!this.interruption.requested()) {
			List<Message> batch = from.receive(this.properties.sqsVisibilityTimeout(), Duration.ofSeconds(1));
			if (batch.isEmpty()) {
				emptied = true;
				break;
			}
			Map<String, Message> byEntry = new HashMap<>();
			List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
			for (int i = 0; i < batch.size(); i++) {
				pace.acquire();
				Message message = batch.get(i);
				byEntry.put("m" + i, message);
				entries.add(entry("m" + i, message, fifo));
			}
			SendMessageBatchResponse sent = SqsQueue
				.join(to.client().sendMessageBatch((send) -> send.queueUrl(to.url()).entries(entries)));
			sent.failed()
				.forEach((failure) -> err.printf("not sent, left on %s: message %s: %s %s%n", from.name(),
						byEntry.get(failure.id()).messageId(), failure.code(), failure.message()));
			notSent += sent.failed().size();
			List<DeleteMessageBatchRequestEntry> deletes = sent.successful()
				.stream()
				.map((success) -> DeleteMessageBatchRequestEntry.builder()
					.id(success.id())
					.receiptHandle(byEntry.get(success.id()).receiptHandle())
					.build())
				.toList();
			if (!deletes.isEmpty()) {
				DeleteMessageBatchResponse deleted = SqsQueue
					.join(from.client().deleteMessageBatch((delete) -> delete.queueUrl(from.url()).entries(deletes)));
				deleted.failed()
					.forEach((failure) -> err.printf("sent but not deleted, on both queues: message %s: %s %s%n",
							byEntry.get(failure.id()).messageId(), failure.code(), failure.message()));
				notDeleted += deleted.failed().size();
			}
			moved += sent.successful().size();
			progress.update(moved, moved + " moved, " + notSent + " not sent");
		}
		progress.finish(moved, moved + " moved, " + notSent + " not sent");
		out.printf("redrive %s -> %s by copy: %d messages moved, %d not sent (left on %s), %d sent but not deleted%s%n",
				from.name(), to.name(), moved, notSent, from.name(), notDeleted,
				emptied ? "" : "; stopped before the end, run it again for the rest");
		out.flush();
		return emptied && notSent == 0;
	}

	private static SendMessageBatchRequestEntry entry(String id, Message message, boolean fifo) {
		SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
			.id(id)
			.messageBody(message.body())
			.messageAttributes(message.messageAttributes());
		if (fifo) {
			String group = message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
			entry.messageGroupId((group != null) ? group : "redrive").messageDeduplicationId(message.messageId());
		}
		return entry.build();
	}

	private static boolean unsupported(SqsException ex) {
		String code = (ex.awsErrorDetails() != null) ? ex.awsErrorDetails().errorCode() : null;
		return (code != null && UNSUPPORTED.contains(code)) || ex.statusCode() == 404 || ex.statusCode() == 501;
	}

	/**
	 * What to redrive.
	 *
	 * @param from the dead-letter queue
	 * @param to the queue its messages go to
	 * @param method how
	 * @param rate at most this many messages a second, 0 for no limit
	 * @param dryRun whether only to count
	 * @param progress how progress is shown
	 */
	record Request(String from, String to, Method method, double rate, boolean dryRun, Progress.Mode progress) {
	}

	/** How messages are moved. */
	enum Method {

		/** A move task where SQS offers one, otherwise a copy. */
		AUTO,

		/** SQS's message move task only. */
		TASK,

		/** Receive, send, delete. */
		COPY

	}

}
