package dev.verdict.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryModelTest {

    @Test
    void givesOneVcpuAt1769MbAndNoMoreToOneThreadAboveIt() {
        assertThat(MemoryModel.share(1769)).isEqualTo(1.0);
        assertThat(MemoryModel.share(2048)).isEqualTo(1.0);
        assertThat(MemoryModel.share(512)).isCloseTo(512 / 1769.0, within(1e-12));
    }

    @Test
    void stretchesTheCpuByTheShareButNeverRunsFasterThanMeasured() {
        // 1,000 ms of CPU at 512 MB: about 3.45 s; a start that mostly waited keeps its measured time.
        assertThat(MemoryModel.modelled(1200, 1000, 512)).isCloseTo(1000 * 1769 / 512.0, within(1e-9));
        assertThat(MemoryModel.modelled(1200, 300, 1024)).isEqualTo(1200);
        // At a full vCPU the CPU time still counts: work that ran on two cores here cannot on one.
        assertThat(MemoryModel.modelled(800, 1000, 1769)).isEqualTo(1000);
    }

    @Test
    void addsTheStretchToTheWaitsWhenNothingOverlaps() {
        // A warm call: 10 ms here, 2 ms of it CPU; at 512 MB the 2 ms become 6.9 ms and the 8 ms of waiting stay.
        assertThat(MemoryModel.modelledNoOverlap(10, 2, 512)).isCloseTo(8 + 2 * 1769 / 512.0, within(1e-9));
        assertThat(MemoryModel.modelledNoOverlap(10, 2, 2048)).isEqualTo(10);
        assertThat(MemoryModel.modelledNoOverlap(1200, 1000, 512)).isGreaterThan(MemoryModel.modelled(1200, 1000, 512));
    }

    @Test
    void chargesTheRequestAndEachWholeMillisecondAtTheSize() {
        // 1,000,000 × 1 GB × 0.010 s × $0.0000133334 = $0.133334, plus $0.20 of requests.
        assertThat(MemoryModel.costPerMillionUsd(1024, 9.2)).isCloseTo(0.20 + 0.133334, within(1e-6));
        assertThat(MemoryModel.costPerMillionUsd(512, 10)).isCloseTo(0.20 + 0.066667, within(1e-6));
    }

    @Test
    void picksTheCheapestSizeWithinTenPercentOfTheFastestOnBothFigures() {
        var rows = List.of(
                new MemoryModel.Row(512, 4000, 20, 0.37),
                new MemoryModel.Row(1024, 2100, 11, 0.39),
                new MemoryModel.Row(1769, 2000, 10, 0.50),
                new MemoryModel.Row(2048, 1990, 10, 0.55));

        assertThat(MemoryModel.cheapestNearFastest(rows, 0.10).memoryMb()).isEqualTo(1024);
        // A warm median 15% over the fastest rules a size out even when its cold start is close.
        var slowWarm = List.of(new MemoryModel.Row(1024, 2000, 11.5, 0.39), new MemoryModel.Row(1769, 2000, 10, 0.50));
        assertThat(MemoryModel.cheapestNearFastest(slowWarm, 0.10).memoryMb()).isEqualTo(1769);
    }
}
