package io.fmzbridge.exchange.kraken;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kraken's packaged public allowance, one call per second, and its jobs on: the bridge's own clock and
 * market-rules calls never hold up a strategy's first GetTicker. That ticker needs three calls of its own
 * (the pair and asset names, AssetPairs and Assets, then Ticker), so it takes 2 s whatever else runs;
 * before, the jobs begun at start had reserved the allowance ahead of it and it was refused.
 */
class KrakenStartTest {

    private static final String TICKER = "/0/public/Ticker";
    private static final String TIME = "/0/public/Time";

    private KrakenStub kraken;

    @BeforeEach
    void startStub() {
        kraken = KrakenStub.start();
    }

    @AfterEach
    void stopStub() {
        kraken.close();
    }

    /** The first GetTicker's reply, and how long it took. */
    private record Timed(JsonNode reply, long tookMs) {}

    private static Timed firstTicker(RunningBridge bridge) throws Exception {
        long start = System.nanoTime();
        JsonNode reply = bridge.call("/Kraken", envelope("ticker", "", "", "symbol", "BTC_USD"));
        return new Timed(reply, Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    /** The requests Kraken received before the ticker's own Ticker request. */
    private List<String> before(String path) {
        List<StubRequest> requests = kraken.requests();
        int at = requests.stream().map(StubRequest::path).toList().indexOf(path);
        assertThat(at).as("%s was asked for", path).isNotNegative();
        return requests.subList(0, at).stream().map(StubRequest::path).toList();
    }

    @Test
    void withThePackagedSettingsTheFirstTickerGoesAheadOfTheJobsItBegins() throws Exception {
        try (RunningBridge bridge = RunningBridge.startWithJobs(Map.of("fmz.exchange.kraken.base-url", kraken.baseUrl()))) {
            Timed ticker = firstTicker(bridge);
            assertThat(ticker.reply().path("error").asText()).isEmpty();
            assertThat(ticker.reply().path("data").path("symbol").asText()).isEqualTo("BTC_USD");
            assertThat(ticker.tookMs()).as("its own three calls, a second after each reply").isLessThan(4000L);
            assertThat(before(TICKER)).as("the ticker's own look-ups, nothing of the jobs")
                    .containsExactly("/0/public/AssetPairs", "/0/public/Assets");

            kraken.awaitRequests(TIME, 1);
            assertThat(kraken.requestsTo(TIME)).as("the clock job, begun by the first call").hasSize(1);
            assertThat(kraken.requestsTo(TIME).get(0).header("User-Agent")).as("Kraken refuses a call without one")
                    .isNotBlank();
        }
    }

    @Test
    void withItsJobsBegunAtStartTheFirstTickerWaitsForNoneOfThemBeyondTheOneUnderWay() throws Exception {
        try (RunningBridge bridge = RunningBridge.startWithJobs(Map.of("fmz.exchange.kraken.base-url", kraken.baseUrl(),
                "fmz.exchanges.warm", "kraken"))) {
            Timed ticker = firstTicker(bridge);
            assertThat(ticker.reply().path("error").asText()).as("answered, not refused for the jobs' sake").isEmpty();
            assertThat(ticker.reply().path("data").path("symbol").asText()).isEqualTo("BTC_USD");
            assertThat(ticker.tookMs()).as("at most the one job call already sent, then its own three").isLessThan(5000L);
            assertThat(before(TICKER)).as("its two look-ups and at most one call of the jobs").hasSizeLessThanOrEqualTo(3);
        }
    }
}
