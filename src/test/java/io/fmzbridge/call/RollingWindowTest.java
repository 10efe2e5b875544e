package io.fmzbridge.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The rolling window: a call holds its place from its sending until its reply and a period after, so no
 * span of one period at the exchange ever holds more than the figure, whenever the calls arrive.
 */
class RollingWindowTest {

    private static final long PERIOD = 1000;

    @Test
    void theLastCallThatFitsGoesAndTheNextWaitsUntilTheFirstReplyAndAPeriod() {
        RollingWindow window = new RollingWindow(2, PERIOD);
        Object first = window.take(0, 1);
        assertThat(window.fits(10, 1)).as("the second of two").isTrue();
        window.take(10, 1);
        assertThat(window.fits(20, 1)).isFalse();
        assertThat(window.earliest(20, 1)).as("the first still under way: a period from now at the soonest")
                .isEqualTo(20 + PERIOD);
        window.replied(first, 300);
        assertThat(window.earliest(400, 1)).as("a period after its reply, not after its sending").isEqualTo(300 + PERIOD);
        assertThat(window.fits(1299, 1)).isFalse();
        assertThat(window.fits(1300, 1)).isTrue();
    }

    @Test
    void aCallThatNeverLeftHoldsNoPlace() {
        RollingWindow window = new RollingWindow(1, PERIOD);
        Object taken = window.take(0, 1);
        window.unsent(taken, 5);
        assertThat(window.fits(6, 1)).isTrue();
        window.replied(taken, 7);
        assertThat(window.fits(8, 1)).as("a late reply of an unsent call counts nothing").isTrue();
    }

    @Test
    void weightsCountTheirCost() {
        RollingWindow window = new RollingWindow(100, PERIOD);
        window.replied(window.take(0, 80), 0);
        assertThat(window.fits(1, 20)).isTrue();
        assertThat(window.fits(1, 21)).isFalse();
        assertThat(window.remaining(1)).isEqualTo(20);
        assertThat(window.earliest(1, 21)).isEqualTo(PERIOD);
    }

    @Test
    void callsQueuedAheadPushTheLowerBoundAPeriodPerWindowful() {
        RollingWindow window = new RollingWindow(1, PERIOD);
        window.replied(window.take(0, 1), 500);
        // two calls ahead and this one: the first ahead goes at 1500, the second at 2500 at the soonest
        assertThat(window.earliest(600, 3)).isEqualTo(3500);
        window.take(600, 1);
        assertThat(window.earliest(600, 3)).as("under way: nothing frees before 1600").isEqualTo(1600 + 2 * PERIOD);
    }

    @Test
    void theExchangesCountRaisesTheWindowsNeverLowersIt() {
        RollingWindow window = new RollingWindow(10, PERIOD);
        window.replied(window.take(0, 1), 0);
        window.countUsed(4, 100);
        assertThat(window.remaining(100)).as("another program spent 3 more").isEqualTo(6);
        window.countUsed(2, 200);
        assertThat(window.remaining(200)).isEqualTo(6);
        assertThat(window.remaining(1000)).as("the bridge's own call aged out").isEqualTo(7);
        assertThat(window.remaining(1100)).as("the difference counted from when it was read").isEqualTo(10);
    }

    @Test
    void repliesCloseTogetherShareAnEntryAndNeverLeaveEarly() {
        RollingWindow window = new RollingWindow(1000, 1_000_000);
        for (int i = 0; i < 1000; i++) {
            window.replied(window.take(i * 10L, 1), i * 10L); // ten merge steps of 100 ns each per entry
        }
        assertThat(window.remaining(1_000_000 - 1)).isZero();
        // the 499 calls replied after 5000 are still in their period at 1_005_000
        assertThat(window.remaining(1_005_000)).as("no call leaves before its period is over").isLessThanOrEqualTo(501);
        assertThat(window.remaining(1_000_000 + 9_990)).as("and each leaves at most 100 ns after").isEqualTo(1000);
    }

    @Test
    void aCallWhoseEndWasNeverSeenStopsHoldingItsPlaceInTime() {
        RollingWindow window = new RollingWindow(1, PERIOD);
        window.take(0, 1);
        long twoMinutes = 120_000_000_000L;
        assertThat(window.fits(twoMinutes - 1, 1)).isFalse();
        assertThat(window.fits(twoMinutes + PERIOD, 1)).isTrue();
    }

    /**
     * Calls sent as soon as the window lets them, each arriving at the exchange anywhere between its
     * sending and its reply, replies coming up to three periods late: any span of one period at the
     * exchange, starting at any arrival, holds at most the figure.
     */
    @Test
    void noSpanOfOnePeriodEverHoldsMoreArrivalsThanTheFigure() {
        int figure = 5;
        RollingWindow window = new RollingWindow(figure, PERIOD);
        Random random = new Random(15);
        record Flight(Object taken, long sent, long arrives, long replies) {}
        List<Flight> underWay = new ArrayList<>();
        List<Long> arrivals = new ArrayList<>();
        for (long now = 0; now < 200 * PERIOD; now += 7) {
            for (Flight flight : List.copyOf(underWay)) {
                if (flight.replies() <= now) {
                    window.replied(flight.taken(), now);
                    underWay.remove(flight);
                }
            }
            while (random.nextInt(3) == 0 && window.fits(now, 1)) {
                long replies = now + random.nextInt((int) (3 * PERIOD));
                long arrives = now + (long) (random.nextDouble() * (replies - now));
                underWay.add(new Flight(window.take(now, 1), now, arrives, replies));
                arrivals.add(arrives);
            }
        }
        arrivals.sort(null);
        for (int i = 0; i < arrivals.size(); i++) {
            long from = arrivals.get(i);
            long inSpan = arrivals.stream().filter(t -> t >= from && t < from + PERIOD).count();
            assertThat(inSpan).as("arrivals in [%d, %d)", from, from + PERIOD).isLessThanOrEqualTo(figure);
        }
        assertThat(arrivals).hasSizeGreaterThan(200);
    }
}
