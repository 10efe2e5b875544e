package io.fmzbridge.exchange.bithumb;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.RunningBridge;
import io.fmzbridge.call.ExchangeClocks;
import io.fmzbridge.exchange.upbitstyle.DateShiftingProxy;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bithumb's JWT carries a timestamp and Bithumb has no time endpoint: the clock-sync job reads the
 * Date header of its market list. Here Bithumb's clock runs 20 s ahead of the host's (its Date
 * headers say so through a relay), and it refuses timestamps more than 5 s from its own time.
 */
class BithumbClockSyncTest {

    private static final Duration SKEW = Duration.ofSeconds(20);
    private static final String KEY = "bithumb-clock-key";
    private static final String SECRET = "bithumb-clock-secret-0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

    private BithumbStub bithumb;
    private DateShiftingProxy bithumbsClock;

    @BeforeEach
    void startBithumbTwentySecondsAhead() throws Exception {
        bithumb = BithumbStub.start();
        bithumb.addAccount(KEY, SECRET);
        bithumb.useClock(Clock.offset(Clock.systemUTC(), SKEW));
        bithumb.useTimestampWindow(Duration.ofSeconds(5));
        bithumbsClock = new DateShiftingProxy(bithumb.baseUrl(), SKEW);
    }

    @AfterEach
    void stop() throws Exception {
        bithumbsClock.close();
        bithumb.close();
    }

    private RunningBridge bridge(boolean clockSync) throws Exception {
        return RunningBridge.start(Map.of("fmz.exchange.bithumb.base-url", bithumbsClock.baseUrl(),
                "fmz.call.rate-limit-enabled", "false",
                "fmz.clock.sync-enabled", String.valueOf(clockSync), "fmz.clock.sync-interval-ms", "200",
                "fmz.exchanges.warm", "bithumb"));
    }

    private static String accounts(RunningBridge bridge) throws Exception {
        return bridge.call("/Bithumb", envelope("accounts", KEY, SECRET)).path("error").asText();
    }

    @Test
    void theDateHeaderSetsTheTimestampSoSignedCallsAreAccepted() throws Exception {
        try (RunningBridge bridge = bridge(true)) {
            ExchangeClocks clocks = bridge.lookup(ExchangeClocks.class);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Math.abs(clocks.offsetMs("bithumb") - SKEW.toMillis()) > 1000 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(clocks.offsetMs("bithumb")).isCloseTo(SKEW.toMillis(), Offset.offset(1000L));
            assertThat(bithumb.requestsTo("/v1/market/all")).as("read from the market list's Date header").isNotEmpty();

            assertThat(accounts(bridge)).isEmpty();
            long signedAt = ((Number) bithumb.verifiedClaims().get(0).getClaim("timestamp")).longValue();
            assertThat(signedAt - System.currentTimeMillis()).as("on Bithumb's time, not the host's")
                    .isCloseTo(SKEW.toMillis(), Offset.offset(1500L));
        }
    }

    @Test
    void withoutTheSyncTheHostsTimestampIsRefused() throws Exception {
        try (RunningBridge bridge = bridge(false)) {
            assertThat(accounts(bridge)).isEqualTo(
                    "Bithumb: invalid_timestamp: timestamp is missing or too far from the server's time. (HTTP 401)");
        }
    }
}
