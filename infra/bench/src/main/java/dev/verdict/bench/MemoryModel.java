package dev.verdict.bench;

import java.util.Comparator;
import java.util.List;

/**
 * What a Lambda memory size would do to a start or a call, modelled from one measured here: Lambda gives CPU in
 * proportion to memory, one vCPU's worth at 1,769 MB (AWS Lambda developer guide, "Configure Lambda function memory");
 * above that the extra share is a second vCPU, which a start on one thread cannot use. So a start that took
 * {@code wall} ms and used {@code cpu} ms of CPU on this machine is taken to need {@code max(wall, cpu / share)} ms at
 * that size: its CPU stretched by the share, never faster than it ran here; {@link #modelledNoOverlap} is the other
 * bound, the waits and the stretched CPU one after the other. It is a model, not a measurement: it also takes this
 * machine's core to be as fast as Lambda's, and its waits (moto's engine on the same cores) as DynamoDB's.
 */
final class MemoryModel {

    /** The memory sizes the issue asks about. */
    static final List<Integer> SIZES_MB = List.of(512, 1024, 1769, 2048);

    /** At this size a function has the equivalent of one vCPU. */
    static final double ONE_VCPU_MB = 1769;

    /** Arm (template.yaml's arm64), US East (N. Virginia), first pricing tier, as docs/cost.md: USD per GB-second and per million requests. */
    static final double USD_PER_GB_SECOND = 0.0000133334;
    static final double USD_PER_MILLION_REQUESTS = 0.20;

    /** A size with its modelled cold start and warm median, and what a million warm requests cost at it. */
    record Row(int memoryMb, double coldStartMs, double warmP50Ms, double costPerMillionUsd) {
    }

    private MemoryModel() {
    }

    /** The share of one vCPU a single thread gets at {@code memoryMb}: capped at one, since a thread runs on one. */
    static double share(int memoryMb) {
        return Math.min(1.0, memoryMb / ONE_VCPU_MB);
    }

    /** Time at {@code memoryMb} of work measured here as {@code wall} and {@code cpu} (same unit). */
    static double modelled(double wall, double cpu, int memoryMb) {
        return Math.max(wall, cpu / share(memoryMb));
    }

    /**
     * The same with no overlap at all: the time here on one core (at least its CPU time) plus the CPU time's stretch.
     * For a single synchronous thread, such as a warm call (its CPU and its waits for DynamoDB take turns), this is
     * the model; for a start, whose compiler and main threads overlap, it is the upper bound beside {@link #modelled}.
     */
    static double modelledNoOverlap(double wall, double cpu, int memoryMb) {
        return Math.max(wall, cpu) + cpu * (1 / share(memoryMb) - 1);
    }

    /**
     * Requests plus duration for a million requests that each run {@code durationMs} (billed in whole milliseconds,
     * rounded up) at {@code memoryMb}; a GB of Lambda memory is 1,024 MB.
     */
    static double costPerMillionUsd(int memoryMb, double durationMs) {
        double billedSeconds = Math.ceil(durationMs) / 1000.0;
        return USD_PER_MILLION_REQUESTS + 1_000_000 * (memoryMb / 1024.0) * billedSeconds * USD_PER_GB_SECOND;
    }

    /**
     * The cheapest size whose cold start and warm median are both within {@code tolerance} (0.10: 10%) of the fastest
     * size's for that figure.
     */
    static Row cheapestNearFastest(List<Row> rows, double tolerance) {
        double fastestCold = rows.stream().mapToDouble(Row::coldStartMs).min().orElseThrow();
        double fastestWarm = rows.stream().mapToDouble(Row::warmP50Ms).min().orElseThrow();
        return rows.stream()
                .filter(r -> r.coldStartMs() <= fastestCold * (1 + tolerance) && r.warmP50Ms() <= fastestWarm * (1 + tolerance))
                .min(Comparator.comparingDouble(Row::costPerMillionUsd))
                .orElseThrow();
    }
}
