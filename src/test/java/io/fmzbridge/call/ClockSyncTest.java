package io.fmzbridge.call;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.okx.OkxStub;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A host clock that is far off the exchange's: signing on the measured exchange clock still works. */
class ClockSyncTest {

    // beyond OKX's ±30 s window, so an unsynchronised signature is refused
    private static final Duration SKEW = Duration.ofSeconds(40);

    /** The host clock skew, either way: behind the exchange and ahead of it. */
    private static final Duration HOST_SKEW = Duration.ofSeconds(20);

    static Stream<Arguments> clockedExchanges() {
        List<Named<Supplier<Venue>>> venues = Venue.clocked();
        return Stream.of(HOST_SKEW, HOST_SKEW.negated())
                .flatMap(skew -> venues.stream().map(venue -> Arguments.of(venue, Named.of("host " + (skew.isNegative()
                        ? "ahead" : "behind") + " by 20 s", skew))));
    }

    /** Waits for the clock job to measure the exchange's offset, within a second of the real one. */
    private static void awaitOffset(ExchangeClocks clocks, String exchange, long offsetMs) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Math.abs(clocks.offsetMs(exchange) - offsetMs) > 1000 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(clocks.offsetMs(exchange)).as("%s offset", exchange).isCloseTo(offsetMs, Offset.offset(1000L));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("clockedExchanges")
    void everyExchangeSignsOnItsOwnClock(Supplier<Venue> start, Duration exchangeAhead) throws Exception {
        try (Venue venue = start.get()) {
            Map<String, String> settings = new HashMap<>(venue.properties());
            settings.put("fmz.clock.sync-enabled", "true");
            settings.put("fmz.clock.sync-interval-ms", "200");
            // this exchange's job from the start, before its first call
            settings.put("fmz.exchanges.warm", venue.id());
            Clock exchangeClock = Clock.offset(Clock.systemUTC(), exchangeAhead);
            venue.clock().accept(exchangeClock);
            try (RunningBridge bridge = RunningBridge.start(settings)) {
                awaitOffset(bridge.lookup(ExchangeClocks.class), venue.id(), exchangeAhead.toMillis());
                venue.stub().clear();
                assertThat(bridge.call(venue.fmzPath(), venue.signedCall().get()).path("error").asText()).isEmpty();
                StubRequest signed = venue.stub().requests().stream().filter(r -> !r.path().endsWith("time"))
                        .reduce((first, second) -> second).orElseThrow();
                assertThat(venue.sentAt().apply(signed)).as("the time the signature claims")
                        .isCloseTo(exchangeClock.millis(), Offset.offset(2000L));
            }
        }
    }

    private static String accounts(RunningBridge bridge) throws Exception {
        return bridge.call("/OKX", envelope("accounts", "key", "secret,phrase")).path("error").asText();
    }

    @Test
    void signaturesFollowTheExchangesClock() throws Exception {
        try (OkxStub okx = OkxStub.start();
             RunningBridge bridge = RunningBridge.start(Map.of("fmz.exchange.okx.base-url", okx.baseUrl(),
                     "fmz.clock.sync-enabled", "true", "fmz.clock.sync-interval-ms", "200", "fmz.exchanges.warm", "okx"))) {
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
