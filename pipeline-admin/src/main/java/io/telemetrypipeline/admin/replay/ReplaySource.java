package io.telemetrypipeline.admin.replay;

import io.telemetrypipeline.admin.setaside.SetAside;

/**
 * A topic a replay reads, and what it makes of each selected record.
 */
interface ReplaySource {

	/**
	 * The topic replayed from.
	 * @return its name
	 */
	String topic();

	/**
	 * The kind of that topic.
	 * @return its kind
	 */
	SetAside.Kind kind();

	/**
	 * What a selected record becomes.
	 * @param record the record
	 * @return an event to publish, or why it is not replayed
	 */
	Outcome convert(SetAside record);

}
