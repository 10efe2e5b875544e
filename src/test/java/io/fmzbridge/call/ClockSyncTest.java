package io.fmzbridge.call;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.okx.OkxStub;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A host clock that is far off the exchange's: signing on the measured exchange clock still works. */
class ClockSyncTest {

    // beyond OKX's ±30 s window, so an unsynchronised signature is refused
    private static final Duration SKEW = Duration.ofSeconds(40);

    private static String accounts(RunningBridge bridge) throws Exception {
        return bridge.call("/OKX", envelope("accounts", "key", "secret,phrase")).path("error").asText();
    }

    @Test
    void signaturesFollowTheExchangesClock() throws Exception {
        try (OkxStub okx = OkxStub.start();
             RunningBridge bridge = RunningBridge.start(Map.of("fmz.exchange.okx.base-url", okx.baseUrl(),
                     "fmz.clock.sync-enabled", "true", "fmz.clock.sync-interval-ms", "200"))) {
            okx.addAccount("key", "secret", "phrase");
            okx.useClock(Clock.offset(Clock.systemUTC(), SKEW));
            ExchangeClocks clocks = bridge.lookup(ExchangeClocks.class);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Math.abs(clocks.offsetMs("okx") - SKEW.toMillis()) > 1000 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(clocks.offsetMs("okx")).isCloseTo(SKEW.toMillis(), org.assertj.core.data.Offset.offset(1000L));
            assertThat(accounts(bridge)).isEmpty();
        }
    }

    @Test
    void withoutSyncTheSkewedHostIsRefused() throws Exception {
        try (OkxStub okx = OkxStub.start();
             RunningBridge bridge = RunningBridge.start(Map.of("fmz.exchange.okx.base-url", okx.baseUrl()))) {
            okx.addAccount("key", "secret", "phrase");
            okx.useClock(Clock.offset(Clock.systemUTC(), SKEW));
            assertThat(accounts(bridge)).isEqualTo("OKX: code 50102: Timestamp request expired (HTTP 401)");
        }
    }
}
