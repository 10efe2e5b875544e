package io.fmzbridge.call;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.binance.BinanceStub;
import io.fmzbridge.exchange.okx.OkxStub;
import io.fmzbridge.stub.StubExchange.Fault;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The breaker and the 429 back-off come from the shared call leg: each of the eleven exchanges,
 * against its own stub, shows both, and one exchange's trouble leaves the others alone.
 */
class EveryExchangeFaultsTest {

    /** The breaker's window here: half of it failing opens the breaker. */
    private static final int WINDOW = 4;
    private static final String OUTAGE = "<html><body>503 Service Temporarily Unavailable</body></html>";

    static List<Named<Supplier<Venue>>> venues() {
        return Venue.all();
    }

    /** A breaker that opens at half of the last WINDOW calls failing and probes again after a second. */
    private static Map<String, String> settings(Map<String, String> venue) {
        Map<String, String> settings = new HashMap<>(venue);
        settings.put("fmz.breaker.window-calls", String.valueOf(WINDOW));
        settings.put("fmz.breaker.minimum-calls", String.valueOf(WINDOW));
        settings.put("fmz.breaker.failure-rate-percent", "50");
        settings.put("fmz.breaker.open-seconds", "1");
        settings.put("fmz.breaker.half-open-calls", "1");
        // the bridge's own limits (Kraken: one call per 3 s) are not what is tested here
        settings.put("fmz.call.rate-limit-enabled", "false");
        return settings;
    }

    private static String error(RunningBridge bridge, Venue venue) throws Exception {
        return bridge.call(venue.fmzPath(), venue.call().get()).path("error").asText();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void aServerErrorBurstOpensTheExchangesBreakerAndA429HoldsItsCalls(Supplier<Venue> start) throws Exception {
        try (Venue venue = start.get(); RunningBridge bridge = RunningBridge.start(settings(venue.properties()))) {
            String paused = venue.label() + ": calls to the exchange are paused after repeated failures;"
                    + " they resume by themselves once it recovers";
            assertThat(error(bridge, venue)).as("served before the faults").isEmpty();

            venue.stub().failNext(venue.path(), WINDOW, new Fault.Status(503, OUTAGE));
            assertThat(error(bridge, venue)).as("the first failure").startsWith(venue.label() + ": ").contains("503");
            for (int i = 1; i < WINDOW; i++) {
                // the served calls before count in the window too, so the breaker may open before the last
                assertThat(error(bridge, venue)).as("failure %d", i).satisfiesAnyOf(
                        reply -> assertThat(reply).startsWith(venue.label() + ": ").contains("503"),
                        reply -> assertThat(reply).isEqualTo(paused));
            }
            venue.stub().clear();
            assertThat(error(bridge, venue)).isEqualTo(paused);
            assertThat(venue.stub().requests()).as("an open breaker sends nothing").isEmpty();
            Thread.sleep(1300);
            assertThat(error(bridge, venue)).as("the probe after open-seconds goes through").isEmpty();
            assertThat(error(bridge, venue)).as("closed again").isEmpty();

            venue.stub().failNext(venue.path(), new Fault.TooManyRequests("1", "{}"));
            assertThat(error(bridge, venue)).startsWith(venue.label() + ": ").contains("429");
            venue.stub().clear();
            assertThat(error(bridge, venue)).startsWith(venue.label() + ": rate limited by the exchange; the bridge holds calls");
            assertThat(venue.stub().requests()).as("held calls never reach the exchange").isEmpty();
            Thread.sleep(1100);
            assertThat(error(bridge, venue)).as("after Retry-After").isEmpty();
        }
    }

    @Test
    void okxsOpenBreakerLeavesBinanceServed() throws Exception {
        try (OkxStub okx = OkxStub.start(); BinanceStub binance = BinanceStub.start();
             RunningBridge bridge = RunningBridge.start(settings(Map.of("fmz.exchange.okx.base-url", okx.baseUrl(),
                     "fmz.exchange.binance.base-url", binance.baseUrl())))) {
            okx.failNext("/api/v5/market/ticker", WINDOW, new Fault.Status(503, OUTAGE));
            for (int i = 0; i < WINDOW; i++) {
                bridge.call("/OKX", envelope("ticker", "", "", "symbol", "BTC_USDT"));
            }
            assertThat(bridge.call("/OKX", envelope("ticker", "", "", "symbol", "BTC_USDT")).path("error").asText())
                    .startsWith("OKX: calls to the exchange are paused");
            for (int i = 0; i < 2 * WINDOW; i++) {
                assertThat(bridge.call("/Binance", envelope("ticker", "", "", "symbol", "BTC_USDT")).path("data")
                        .path("symbol").asText()).as("Binance call %d", i).isEqualTo("BTC_USDT");
            }
            assertThat(binance.requestsTo("/api/v3/ticker/24hr")).hasSize(2 * WINDOW);
        }
    }

    @Test
    void okxs429HoldsOkxCallsButNotBinances() throws Exception {
        try (OkxStub okx = OkxStub.start(); BinanceStub binance = BinanceStub.start();
             RunningBridge bridge = RunningBridge.start(settings(Map.of("fmz.exchange.okx.base-url", okx.baseUrl(),
                     "fmz.exchange.binance.base-url", binance.baseUrl())))) {
            okx.failNext("/api/v5/market/ticker", new Fault.TooManyRequests("30", "{}"));
            bridge.call("/OKX", envelope("ticker", "", "", "symbol", "BTC_USDT"));
            assertThat(bridge.call("/OKX", envelope("ticker", "", "", "symbol", "BTC_USDT")).path("error").asText())
                    .startsWith("OKX: rate limited by the exchange; the bridge holds calls");
            assertThat(bridge.call("/Binance", envelope("ticker", "", "", "symbol", "BTC_USDT")).path("data")
                    .path("symbol").asText()).as("Binance's public calls are not OKX's").isEqualTo("BTC_USDT");
        }
    }
}
