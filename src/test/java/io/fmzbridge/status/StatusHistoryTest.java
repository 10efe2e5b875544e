package io.fmzbridge.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.status.ExchangeFigures.Outcomes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The readings kept for the page: five minutes of them, bounded, found by time. */
class StatusHistoryTest {

    private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");

    private final StatusHistory history = new StatusHistory(Clock.fixed(START, ZoneOffset.UTC));

    @Test
    void beforeAnyReadingTheStartStandsForAMinuteAgoWithNothingCounted() {
        Reading minuteAgo = history.atOrBefore(START.plusSeconds(30).minus(StatusCollector.RECENT));
        assertThat(minuteAgo.at()).isEqualTo(START);
        assertThat(minuteAgo.of("okx")).isEqualTo(ExchangeFigures.NONE);
    }

    @Test
    void theLatestReadingAtOrBeforeAnInstantIsFound() {
        for (int second = 10; second <= 120; second += 10) {
            history.add(reading(second, second));
        }
        assertThat(history.atOrBefore(START.plusSeconds(65)).at()).isEqualTo(START.plusSeconds(60));
        assertThat(history.atOrBefore(START.plusSeconds(60)).at()).isEqualTo(START.plusSeconds(60));
        assertThat(history.atOrBefore(START.plusSeconds(60)).of("okx").calls()).isEqualTo(new Outcomes(60, 0));
    }

    @Test
    void fiveMinutesAreKeptAndTheReadingJustBeforeThem() {
        for (int second = 10; second <= 1200; second += 10) {
            history.add(reading(second, second));
        }
        Instant last = START.plusSeconds(1200);
        assertThat(history.kept().get(0).at()).isEqualTo(last.minus(StatusHistory.KEPT));
        assertThat(history.kept()).hasSize(31);
    }

    @Test
    void aVeryShortPeriodIsBoundedByCount() {
        for (int millis = 1; millis <= 2000; millis++) {
            history.add(new Reading(START.plusMillis(millis), Map.of()));
        }
        assertThat(history.kept()).hasSize(301);
        assertThat(history.kept().get(300).at()).isEqualTo(START.plus(Duration.ofMillis(2000)));
    }

    private static Reading reading(int second, long okCalls) {
        ExchangeFigures okx = new ExchangeFigures(Map.of("ticker", new Outcomes(okCalls, 0)), Buckets.NONE, Map.of(),
                Buckets.NONE, Map.of(), Buckets.NONE);
        return new Reading(START.plusSeconds(second), Map.of("okx", okx));
    }
}
