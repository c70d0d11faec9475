package io.telemetrypipeline.admin.inspect;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.telemetrypipeline.admin.config.AdminProperties;
import io.telemetrypipeline.admin.config.ParserProperties;
import io.telemetrypipeline.admin.setaside.Selection;
import io.telemetrypipeline.admin.sqs.SqsQueue;
import io.telemetrypipeline.ingest.parse.InboundMessage;
import io.telemetrypipeline.ingest.parse.ParseResult;
import io.telemetrypipeline.ingest.parse.TelemetryParser;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Counts the SQS dead-letter queue without taking anything off it. SQS cannot be read
 * without receiving: each message is received once, kept invisible while the walk goes on
 * ({@code telemetry.admin.sqs-visibility-timeout}) so that no message is counted twice,
 * and made visible again at once when the walk ends, in every case. A tool killed in the
 * middle leaves the messages invisible until that timeout, never deleted. Each receive
 * adds one to a message's {@code ApproximateReceiveCount}; a dead-letter queue has no
 * redrive policy of its own, so that count moves nothing (a warning says when this one
 * has). A message's reason is what the current parser says of it now: {@code accepted},
 * or its rejection reason.
 */
final class QueueInspection {

	private final SqsAsyncClient sqs;

	private final AdminProperties properties;

	private final TelemetryParser parser;

	private final Selection selection;

	private final int samples;

	private final Duration bucket;

	QueueInspection(SqsAsyncClient sqs, AdminProperties properties, ParserProperties parser, Selection selection,
			int samples, Duration bucket) {
		this.sqs = sqs;
		this.properties = properties;
		this.parser = parser.parser();
		this.selection = selection;
		this.samples = samples;
		this.bucket = bucket;
	}

	Tally inspect(String queueName, int maxMessages, PrintWriter err) {
		SqsQueue queue = SqsQueue.named(this.sqs, queueName);
		Map<QueueAttributeName, String> attributes = queue.attributes();
		if (attributes.containsKey(QueueAttributeName.REDRIVE_POLICY)) {
			err.println("warning: " + queueName + " has a redrive policy of its own ("
					+ attributes.get(QueueAttributeName.REDRIVE_POLICY)
					+ "): every receive counts towards its maxReceiveCount");
		}
		Tally tally = new Tally("SQS " + queueName, this.samples, this.bucket);
		tally.note("approximate messages", queue.approximateMessages());
		List<Message> received = new ArrayList<>();
		Map<String, Integer> receiveCounts = new LinkedHashMap<>();
		try {
			List<Message> batch;
			do {
				batch = queue.receive(this.properties.sqsVisibilityTimeout(), Duration.ofSeconds(1));
				for (Message message : batch) {
					received.add(message);
					if (receiveCounts.putIfAbsent(message.messageId(), receiveCount(message)) == null) {
						count(tally, message);
					}
				}
			}
			while (!batch.isEmpty() && received.size() < maxMessages);
		}
		finally {
			queue.makeVisible(received);
		}
		tally.note("messages read", receiveCounts.size());
		tally.note("highest receive count",
				receiveCounts.values().stream().mapToInt(Integer::intValue).max().orElse(0));
		return tally;
	}

	private void count(Tally tally, Message message) {
		Instant sent = Instant.ofEpochMilli(
				Long.parseLong(message.attributes().getOrDefault(MessageSystemAttributeName.SENT_TIMESTAMP, "0")));
		ParseResult result = this.parser.parse(new InboundMessage(message.body(), message.messageId(), sent));
		String reason;
		String device;
		String detail;
		switch (result) {
			case ParseResult.Accepted accepted -> {
				reason = "accepted";
				device = accepted.event().deviceId();
				detail = "event id " + accepted.event().eventId();
			}
			case ParseResult.Rejected rejected -> {
				reason = rejected.reason().code();
				device = rejected.deviceId();
				detail = rejected.detail();
			}
		}
		if (matches(reason, device, sent)) {
			tally.add(reason, device, sent,
					"message " + message.messageId() + " (received " + receiveCount(message) + " times)", detail,
					message.body());
		}
	}

	private boolean matches(String reason, String device, Instant sent) {
		return (this.selection.reasons().isEmpty() || this.selection.reasons().contains(reason))
				&& this.selection.matchesDevice(device)
				&& (this.selection.from() == null || !sent.isBefore(this.selection.from()))
				&& (this.selection.to() == null || sent.isBefore(this.selection.to()));
	}

	private static int receiveCount(Message message) {
		return Integer
			.parseInt(message.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "0"));
	}

}
