package io.fmzbridge.exchange.zerocap;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.LogCapture;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.call.ExchangeClocks;
import io.fmzbridge.stub.StubExchange.Fault;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Zerocap with what the scheduled jobs keep: market rules (fmz.markets.sync-enabled on) and
 * Zerocap's clock. Every Zerocap endpoint needs a key and the jobs have none, so the rules are
 * loaded with a trader's key, and the price websocket's handshake is signed on the clock the
 * bridge keeps for Zerocap, as its REST calls are.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZerocapJobsTest {

    static final String KEY = "zerocap-jobs-key";
    static final String SECRET = "5a6f8e0c2b4d6a8f1e3c4f2a9c1e7b3d";
    static final String INSTRUMENTS = "/v2/orders/get_instruments";
    static final String CREATE_ORDER = "/v2/orders/create_order";

    static ZerocapStub rest;
    static ZerocapStreamStub prices;
    static RunningBridge bridge;

    @BeforeAll
    static void start() throws Exception {
        rest = ZerocapStub.start();
        rest.addAccount(KEY, SECRET);
        prices = ZerocapStreamStub.start(100);
        prices.addAccount(KEY, SECRET);
        bridge = RunningBridge.start(Map.of(
                "fmz.exchange.zerocap.base-url", rest.restUrl(),
                "fmz.exchange.zerocap.ws-url", prices.wsUrl(),
                "fmz.call.rate-limit-enabled", "false",
                "fmz.markets.sync-enabled", "true"));
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        prices.close();
        rest.close();
    }

    @BeforeEach
    void forget() {
        rest.clear();
    }

    static JsonNode call(String method, Object... params) throws Exception {
        return bridge.call("/Zerocap", envelope(method, KEY, SECRET, params));
    }

    static String trade(String amount, String price) throws Exception {
        return call("trade", "symbol", "USDT_AUD", "type", "sell", "amount", amount, "price", price).path("error").asText();
    }

    @Test
    @Order(1)
    void rulesThatCannotBeLoadedLeaveTheOrderToZerocap() throws Exception {
        rest.failNext(INSTRUMENTS, new Fault.Status(503, "{\"detail\":\"maintenance\"}"));
        rest.rejectNextOrder("Insufficient USDT balance");
        try (LogCapture log = new LogCapture()) {
            assertThat(trade("10.005", "1.5")).as("Zerocap's own answer, not an unknown outcome")
                    .isEqualTo("Zerocap: rejected: Insufficient USDT balance");
            assertThat(log.text()).contains("zerocap market rules not loaded, the order goes to Zerocap unchecked");
        }
        assertThat(rest.requestsTo(CREATE_ORDER)).hasSize(1);
        assertThat(rest.requestsTo("/v2/orders/fetch_orders")).as("no lookup of a placement that was answered").isEmpty();
    }

    @Test
    @Order(2)
    void aTradeLoadsTheRulesWithItsOwnKeyAndTheyStopWhatZerocapWouldRefuse() throws Exception {
        assertThat(trade("10.005", "1.5")).isEqualTo("Zerocap: amount 10.005 is not a multiple of USDT_AUD's step 0.01"
                + " (10 or 10.01 would be); the bridge does not round");
        List<StubRequest> loads = rest.requestsTo(INSTRUMENTS);
        assertThat(loads).hasSize(1);
        assertThat(loads.get(0).header("api-key")).as("signed with the trader's key").isEqualTo(KEY);
        assertThat(rest.requestsTo(CREATE_ORDER)).isEmpty();

        assertThat(trade("5", "1.5")).isEqualTo("Zerocap: amount 5 is below USDT_AUD's minimum 10");
        assertThat(trade("10", "1.5")).isEmpty();
        assertThat(rest.requestsTo(CREATE_ORDER)).hasSize(1);
        assertThat(rest.requestsTo(INSTRUMENTS)).as("fresh rules are not loaded again").hasSize(1);

        JsonNode markets = call("markets").path("data");
        assertThat(markets.path("USDT_AUD").path("amountSize").decimalValue()).isEqualByComparingTo("0.01");
        assertThat(rest.requestsTo(INSTRUMENTS)).as("GetMarkets from the kept rules").hasSize(1);
    }

    @Test
    @Order(3)
    void noJobCallsZerocapWithoutAKey() throws Exception {
        Thread.sleep(300);
        assertThat(rest.requests()).allSatisfy(request -> assertThat(request.header("api-key")).isEqualTo(KEY));
    }

    @Test
    @Order(4)
    void thePriceHandshakeIsSignedOnZerocapsClock() throws Exception {
        ExchangeClocks clocks = bridge.lookup(ExchangeClocks.class);
        long now = System.currentTimeMillis();
        Duration ahead = Duration.ofSeconds(40);
        prices.useClock(Clock.offset(Clock.systemUTC(), ahead));
        clocks.update("zerocap", now, now + ahead.toMillis()); // as a measured offset would be kept
        try {
            prices.setLadder("ATOM/AUD", List.of(List.of("7.1", "10")), List.of(List.of("7.2", "10")));
            JsonNode ticker = call("ticker", "symbol", "ATOM_AUD");
            assertThat(ticker.path("error").asText()).isEmpty();
            ZerocapStreamStub.Handshake handshake = prices.handshakes().get(prices.handshakes().size() - 1);
            assertThat(handshake.accepted()).isTrue();
            assertThat(Long.parseLong(handshake.timestamp()))
                    .isCloseTo(Instant.now().plus(ahead).getEpochSecond(), org.assertj.core.data.Offset.offset(5L));
        } finally {
            clocks.update("zerocap", now, now);
            prices.useClock(Clock.systemUTC());
        }
    }
}
