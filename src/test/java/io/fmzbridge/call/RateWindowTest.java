package io.fmzbridge.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rolling window behind the bridge's rate limit: N calls per period, later calls in order of asking. */
class RateWindowTest {

    private static final long PERIOD = 1000;

    private static long take(RateWindow window, long now) {
        long at = window.earliest(now);
        window.reserve(at);
        return at;
    }

    @Test
    void theFirstCallsOfAPeriodGoAtOnceAndTheNextWaitForTheOldestToAgeOut() {
        RateWindow window = new RateWindow(2, PERIOD);
        assertThat(take(window, 0)).isEqualTo(0);
        assertThat(take(window, 100)).isEqualTo(100);
        assertThat(take(window, 200)).as("the call at 0 leaves the window at 1000").isEqualTo(1000);
        assertThat(take(window, 300)).isEqualTo(1100);
        assertThat(take(window, 400)).as("queued behind the calls reserved before it").isEqualTo(2000);
        assertThat(take(window, 5000)).as("an idle window has room at once").isEqualTo(5000);
    }

    @Test
    void askingWithoutReservingLeavesTheWindowAsItWas() {
        RateWindow window = new RateWindow(1, PERIOD);
        take(window, 0);
        assertThat(window.earliest(10)).isEqualTo(1000);
        assertThat(window.earliest(20)).as("a refused call took no place").isEqualTo(1000);
        assertThat(take(window, 30)).isEqualTo(1000);
        assertThat(window.earliest(40)).isEqualTo(2000);
    }

    @Test
    void aStartReservedLaterThanItsSuccessorsStillCountsInTimeOrder() {
        RateWindow window = new RateWindow(2, PERIOD);
        window.reserve(500); // held to 500 by an endpoint's own window
        assertThat(take(window, 0)).as("room for a second call now").isEqualTo(0);
        assertThat(take(window, 10)).as("the window counts from its earliest start, 0, not from 500")
                .isEqualTo(1000);
        assertThat(take(window, 20)).as("then from 500").isEqualTo(1500);
    }

    @Test
    void noPeriodEverHoldsMoreThanTheLimitWhateverTheOrderOfReservations() {
        int calls = 3;
        RateWindow window = new RateWindow(calls, PERIOD);
        java.util.List<Long> starts = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 200; i++) {
            long now = i * 40L;
            // every third call must also wait for a window of its own, up to 2 periods on
            long at = Math.max(window.earliest(now), i % 3 == 0 ? now + random.nextInt(2000) : now);
            window.reserve(at);
            starts.add(at);
        }
        for (long from : starts) {
            long inPeriod = starts.stream().filter(t -> t >= from && t < from + PERIOD).count();
            assertThat(inPeriod).as("calls starting in [%d, %d)", from, from + PERIOD).isLessThanOrEqualTo(calls);
        }
    }
}
