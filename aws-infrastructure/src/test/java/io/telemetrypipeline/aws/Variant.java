package io.telemetrypipeline.aws;

import java.nio.file.Path;

/**
 * The two shapes of the stack, chosen by the CDK context value {@code queueType}: a
 * standard ingest queue the IoT rule sends to, or a FIFO one the rule reaches through the
 * FIFO forwarder.
 */
enum Variant {

	STANDARD("standard"), FIFO("fifo");

	private final String queueType;

	Variant(String queueType) {
		this.queueType = queueType;
	}

	/**
	 * The context value that selects this variant.
	 * @return {@code standard} or {@code fifo}
	 */
	String queueType() {
		return this.queueType;
	}

	/**
	 * Where this variant's cloud assembly is synthesised.
	 * @param synthDirectory the build's synthesis directory
	 * @return its sub-directory for this variant
	 */
	Path assembly(Path synthDirectory) {
		return synthDirectory.resolve(this.queueType);
	}

}
