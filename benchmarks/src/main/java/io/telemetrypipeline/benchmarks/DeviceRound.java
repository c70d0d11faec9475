package io.telemetrypipeline.benchmarks;

/**
 * One round of the device summaries' cost: persistence-service alone on the same topic,
 * once with its device summaries and once without, in the order given.
 *
 * @param round the round, from 1
 * @param withFirst whether the run with device summaries went first
 * @param with the run with device summaries (the default)
 * @param without the run with {@code telemetry.persistence.devices.enabled=false}
 */
record DeviceRound(int round, boolean withFirst, StageResult with, StageResult without) {

	/**
	 * The throughput with device summaries as a fraction of the throughput without.
	 * @return the ratio
	 */
	double throughputRatio() {
		return this.with.throughput() / this.without.throughput();
	}

	/**
	 * persistence-service's CPU seconds per 1,000 readings in a run.
	 * @param result the run
	 * @return the CPU time, {@code NaN} when it was not measured
	 */
	static double serviceCpu(StageResult result) {
		return result.usage()
			.stream()
			.filter((usage) -> usage.role().equals(ServiceStages.PERSISTENCE))
			.mapToDouble(ProcessUsage::cpuSecondsPer1000)
			.findFirst()
			.orElse(Double.NaN);
	}

	/**
	 * The throughput with device summaries as a fraction of the throughput without, over
	 * all rounds: messages over seconds of each side's windows together.
	 * @param rounds the rounds
	 * @return the ratio, {@code NaN} without rounds
	 */
	static double throughputRatio(Iterable<DeviceRound> rounds) {
		double withMessages = 0;
		double withSeconds = 0;
		double withoutMessages = 0;
		double withoutSeconds = 0;
		for (DeviceRound round : rounds) {
			withMessages += round.with().messages();
			withSeconds += round.with().seconds();
			withoutMessages += round.without().messages();
			withoutSeconds += round.without().seconds();
		}
		return (withSeconds > 0 && withoutSeconds > 0)
				? (withMessages / withSeconds) / (withoutMessages / withoutSeconds) : Double.NaN;
	}

	/**
	 * persistence-service's CPU per reading with device summaries as a multiple of the
	 * CPU without, over all rounds (means of each side).
	 * @param rounds the rounds
	 * @return the ratio, {@code NaN} without rounds
	 */
	static double cpuRatio(Iterable<DeviceRound> rounds) {
		double with = 0;
		double without = 0;
		for (DeviceRound round : rounds) {
			with += serviceCpu(round.with());
			without += serviceCpu(round.without());
		}
		return (without > 0) ? with / without : Double.NaN;
	}

}
