package io.fmzbridge.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.StubExchange.Fault;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exchanges that say "rate limit" in the reply body, often under HTTP 200, get the same back-off as
 * a 429, for the pause configured for that exchange (fmz.exchange.&lt;id&gt;.rate-limit-pause-ms).
 */
class RateLimitCodesTest {

    private static final Pattern HELD_MS = Pattern.compile("holds calls for another (\\d+) ms");
    private static final long PAUSE_MS = 600;

    static Stream<Arguments> codes() {
        return Stream.of(
                Arguments.of(Named.of("Kraken EAPI", (Supplier<Venue>) Venue::kraken),
                        new Fault.Status(200, "{\"error\":[\"EAPI:Rate limit exceeded\"],\"result\":{}}"), "EAPI:Rate limit exceeded"),
                Arguments.of(Named.of("Kraken EOrder", (Supplier<Venue>) Venue::kraken),
                        new Fault.Status(200, "{\"error\":[\"EOrder:Rate limit exceeded\"]}"), "EOrder:Rate limit exceeded"),
                Arguments.of(Named.of("Kraken EService throttled", (Supplier<Venue>) Venue::kraken),
                        new Fault.Status(200, "{\"error\":[\"EService: Throttled: 1700000000\"]}"), "EService: Throttled"),
                Arguments.of(Named.of("Coinone 4", (Supplier<Venue>) Venue::coinone),
                        new Fault.Status(200, "{\"result\":\"error\",\"errorCode\":\"4\",\"errorMsg\":\"Blocked user access.\"}"),
                        "error 4 (rate limit exceeded; Coinone blocks the caller for about a minute): Blocked user access."),
                Arguments.of(Named.of("Coinone error_code 4", (Supplier<Venue>) Venue::coinone),
                        new Fault.Status(429, "{\"result\":\"error\",\"error_code\":\"4\",\"error_msg\":\"Blocked user access.\"}"),
                        "error 4 (rate limit exceeded; Coinone blocks the caller for about a minute): Blocked user access."),
                Arguments.of(Named.of("Bitfinex ERR_RATE_LIMIT", (Supplier<Venue>) Venue::bitfinex),
                        new Fault.Status(200, "{\"error\":\"ERR_RATE_LIMIT\"}"), "ERR_RATE_LIMIT"));
    }

    private static String error(RunningBridge bridge, Venue venue) throws Exception {
        return bridge.call(venue.fmzPath(), venue.call().get()).path("error").asText();
    }

    private static Map<String, String> settings(Venue venue, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(venue.properties());
        settings.put("fmz.call.rate-limit-enabled", "false");
        settings.putAll(more);
        return settings;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codes")
    void aRateLimitCodeInTheBodyHoldsCallsForTheExchangesPause(Supplier<Venue> start, Fault reply, String words) throws Exception {
        try (Venue venue = start.get(); RunningBridge bridge = RunningBridge.start(settings(venue,
                Map.of("fmz.exchange." + venue.id() + ".rate-limit-pause-ms", String.valueOf(PAUSE_MS))))) {
            venue.stub().failNext(venue.path(), reply);
            assertThat(error(bridge, venue)).as("the exchange's own words").startsWith(venue.label() + ": ").contains(words);
            venue.stub().clear();
            assertThat(error(bridge, venue)).startsWith(venue.label() + ": rate limited by the exchange; the bridge holds calls");
            assertThat(venue.stub().requests()).as("held calls never reach the exchange").isEmpty();
            Thread.sleep(PAUSE_MS + 200);
            assertThat(error(bridge, venue)).as("served after the pause").isEmpty();
        }
    }

    /** How long Bitfinex's calls are held after this 429, with the packaged settings. */
    private static long bitfinexHoldsMsAfter(Fault.TooManyRequests reply) throws Exception {
        try (Venue venue = Venue.bitfinex(); RunningBridge bridge = RunningBridge.start(settings(venue, Map.of()))) {
            venue.stub().failNext(venue.path(), reply);
            error(bridge, venue);
            Matcher held = HELD_MS.matcher(error(bridge, venue));
            assertThat(held.find()).isTrue();
            return Long.parseLong(held.group(1));
        }
    }

    @Test
    void bitfinexHoldsCallsForTheMinuteItBlocksByDefault() throws Exception {
        assertThat(bitfinexHoldsMsAfter(new Fault.TooManyRequests(null, "{\"error\":\"ERR_RATE_LIMIT\"}")))
                .isBetween(55_000L, 60_000L);
    }

    @Test
    void anExchangesRetryAfterWinsOverItsPause() throws Exception {
        assertThat(bitfinexHoldsMsAfter(new Fault.TooManyRequests("2", "{\"error\":\"ERR_RATE_LIMIT\"}")))
                .isBetween(1_000L, 2_000L);
    }

    @Test
    void otherRefusalsDoNotHoldCalls() throws Exception {
        try (Venue venue = Venue.kraken(); RunningBridge bridge = RunningBridge.start(settings(venue, Map.of()))) {
            venue.stub().failNext(venue.path(), new Fault.Status(200, "{\"error\":[\"EGeneral:Invalid arguments\"]}"));
            assertThat(error(bridge, venue)).isEqualTo("Kraken: EGeneral:Invalid arguments");
            assertThat(error(bridge, venue)).isEmpty();
        }
    }
}
