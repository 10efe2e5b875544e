package io.fmzbridge;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.exchange.okx.OkxStub;
import io.fmzbridge.stub.StubExchange;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bridge started with the packaged settings, its jobs on, calls no exchange until it is used: an
 * exchange's clock and market-rules jobs begin with its first FMZ call, or at start for the exchanges
 * in fmz.exchanges.warm, and until the first call the log holds the start summary alone.
 */
class QuietStartTest {

    private static final String TIME = "/api/v5/public/time";
    private static final String INSTRUMENTS = "/api/v5/public/instruments";
    private static final List<String> OTHERS = List.of("backpack", "binance", "bitfinex", "bithumb", "coinbase",
            "coinone", "korbit", "kraken", "upbit", "zerocap");
    /** Long enough for jobs begun at start to have called: they run as soon as they begin. */
    private static final long QUIET_MS = 1500;

    private OkxStub okx;
    /** Where every other exchange's calls go, its REST base URL and Zerocap's price websocket alike: it records them. */
    private StubExchange elsewhere;

    @BeforeEach
    void startStubs() {
        okx = OkxStub.start();
        elsewhere = new StubExchange();
    }

    @AfterEach
    void stopStubs() {
        okx.close();
        elsewhere.close();
    }

    private Map<String, String> settings(String... more) {
        Map<String, String> settings = new HashMap<>();
        settings.put("fmz.exchange.okx.base-url", okx.baseUrl());
        OTHERS.forEach(id -> settings.put("fmz.exchange." + id + ".base-url", elsewhere.baseUrl() + "/" + id));
        settings.put("fmz.exchange.zerocap.ws-url", elsewhere.baseUrl().replace("http:", "ws:") + "/zerocap-prices");
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    private static List<String> paths(List<StubRequest> requests) {
        return requests.stream().map(request -> request.method() + " " + request.path()).toList();
    }

    @Test
    void untilItsFirstCallNoExchangeIsCalledAndTheLogIsTheStartSummaryAlone() throws Exception {
        String startLog;
        try (LogCapture log = LogCapture.asConfigured("%level %c{1} %m%n");
             RunningBridge bridge = RunningBridge.startWithJobs(settings())) {
            Thread.sleep(QUIET_MS);
            startLog = log.text();
            assertThat(paths(okx.requests())).as("OKX before its first call").isEmpty();
            assertThat(paths(elsewhere.requests())).as("the exchanges nobody called").isEmpty();

            assertThat(bridge.call("/OKX", envelope("ticker", "", "", "symbol", "BTC_USDT")).path("data").path("last")
                    .decimalValue()).isEqualByComparingTo("9999.99");
            okx.awaitRequests(TIME, 1);
            okx.awaitRequests(INSTRUMENTS, 1);
            assertThat(okx.requestsTo(TIME)).as("OKX's clock job, begun by the call").hasSize(1);
            assertThat(okx.requestsTo(INSTRUMENTS)).as("OKX's market-rules job, begun by the call").hasSize(1);
            Thread.sleep(QUIET_MS);
            assertThat(paths(elsewhere.requests())).as("the exchanges nobody called, still").isEmpty();
        }
        List<String> lines = startLog.lines()
                // the test's own port finder, not the bridge
                .filter(line -> !line.startsWith("INFO AvailablePort "))
                .toList();
        assertThat(lines).hasSize(7).allSatisfy(line -> assertThat(line).startsWith("INFO StartupSummary "));
        assertThat(lines.get(3)).isEqualTo("INFO StartupSummary jobs: clock sync every 60000 ms, market rules every"
                + " 600000 ms; an exchange's begin at its first call, at start for fmz.exchanges.warm: none");
    }

    @Test
    void theExchangesInFmzExchangesWarmHaveTheirJobsFromTheStart() throws Exception {
        try (RunningBridge bridge = RunningBridge.startWithJobs(settings("fmz.exchanges.warm", "okx"))) {
            okx.awaitRequests(TIME, 1);
            okx.awaitRequests(INSTRUMENTS, 1);
            assertThat(paths(okx.requests())).as("no FMZ call yet: the jobs' own")
                    .containsExactlyInAnyOrder("GET " + TIME, "GET " + INSTRUMENTS);
            Thread.sleep(QUIET_MS);
            assertThat(paths(elsewhere.requests())).as("only OKX is warm").isEmpty();
            assertThat(bridge.lookup(StartupSummary.class).lines(Map.of(), new java.util.Properties()).get(3))
                    .endsWith("at start for fmz.exchanges.warm: okx");
        }
    }

    @Test
    void aFirstOrderIsSentWhileNoRulesAreKeptAndLaterOnesAreCheckedAgainstTheRulesItsJobLoads() throws Exception {
        okx.addAccount("key", "secret", "phrase");
        try (RunningBridge bridge = RunningBridge.startWithJobs(settings())) {
            assertThat(bridge.call("/OKX", envelope("trade", "key", "secret,phrase", "symbol", "BTC_USDT", "type", "buy",
                    "amount", "0.00002", "price", "20000.1")).path("error").asText())
                    .as("no rules kept yet: the order goes to OKX, which decides, as before").isEmpty();
            assertThat(okx.placedOrders()).hasSize(1);

            bridge.awaitMarketRules("okx");
            assertThat(bridge.call("/OKX", envelope("trade", "key", "secret,phrase", "symbol", "BTC_USDT", "type", "buy",
                    "amount", "0.00002", "price", "20000.05")).path("error").asText())
                    .as("the rules the job begun by the first call loaded").startsWith("OKX: price 20000.05 is not a multiple");
            assertThat(okx.placedOrders()).hasSize(1);
        }
    }
}
