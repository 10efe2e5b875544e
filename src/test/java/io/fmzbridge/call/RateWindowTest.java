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
}
