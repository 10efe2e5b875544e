package io.fmzbridge.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A timer's buckets read as the page reads them: counted since start, differences, and quantiles. */
class BucketsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer timer = Timer.builder("fmz.calls").tag("exchange", "okx")
            .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofMillis(1000))
            .register(registry);

    @Test
    void bucketsCountValuesAtOrUnderTheirBoundSinceStart() {
        record(5, 5, 50, 500, 5000);
        Buckets read = Buckets.of(timer);
        assertThat(read.boundsMs()).containsExactly(10, 100, 1000);
        assertThat(read.atOrUnder()).containsExactly(2, 3, 4);
        assertThat(read.count()).isEqualTo(5);
        assertThat(read.sumMs()).isCloseTo(5560, within(0.001));
        assertThat(read.over(10)).isEqualTo(3);
    }

    @Test
    void twoReadingsApartGiveWhatHappenedBetween() {
        record(5, 50);
        Buckets before = Buckets.of(timer);
        record(500, 500, 5);
        Buckets between = Buckets.of(timer).minus(before);
        assertThat(between.atOrUnder()).containsExactly(1, 1, 3);
        assertThat(between.count()).isEqualTo(3);
        assertThat(between.sumMs()).isCloseTo(1005, within(0.001));
        assertThat(between.minus(Buckets.NONE)).isSameAs(between);
    }

    @Test
    void quantilesAreInterpolatedWithinTheirBucketAsHistogramQuantileDoes() {
        // 10 values: 4 at or under 10 ms, 4 more under 100 ms, 2 more under 1 s
        record(1, 2, 3, 4, 20, 30, 40, 50, 200, 300);
        Buckets read = Buckets.of(timer);
        // rank 5 is the first of the 4 in (10, 100]: 10 + 90 × 1/4
        assertThat(read.quantileMs(0.5)).isCloseTo(32.5, within(1e-9));
        // rank 9.9 is 1.9 of the 2 in (100, 1000]: 100 + 900 × 1.9/2
        assertThat(read.quantileMs(0.99)).isCloseTo(955, within(1e-9));
        // rank 2 is half of the 4 in (0, 10]
        assertThat(read.quantileMs(0.2)).isCloseTo(5, within(1e-9));
    }

    @Test
    void aQuantileAboveTheHighestBoundIsThatBoundAndNoValuesGiveNone() {
        record(5000, 6000);
        assertThat(Buckets.of(timer).quantileMs(0.5)).isEqualTo(1000);
        assertThat(Buckets.NONE.quantileMs(0.5)).isNull();
        Buckets now = Buckets.of(timer);
        assertThat(now.minus(now).quantileMs(0.99)).as("nothing happened between").isNull();
    }

    @Test
    void timersOfOneMeterAddUp() {
        Timer errors = Timer.builder("fmz.calls").tag("exchange", "okx").tag("outcome", "error")
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofMillis(1000))
                .register(registry);
        record(5, 50);
        errors.record(500, TimeUnit.MILLISECONDS);
        Buckets both = Buckets.of(timer).plus(Buckets.of(errors));
        assertThat(both.atOrUnder()).containsExactly(1, 2, 3);
        assertThat(both.count()).isEqualTo(3);
        assertThat(Buckets.NONE.plus(both)).isSameAs(both);
        assertThat(both.plus(Buckets.NONE)).isSameAs(both);
    }

    private void record(long... millis) {
        for (long value : millis) {
            timer.record(value, TimeUnit.MILLISECONDS);
        }
    }
}
