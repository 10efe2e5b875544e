package io.fmzbridge.exchange.kraken;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.StubExchange.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each FMZ call is answered within its time budget (fmz.call.total-timeout-ms), under Kraken's Starter call
 * counter (at most 15 per key, 0.33 off per second): the bridge's own waits end by the deadline, and a wait
 * the budget cannot cover is refused at once instead of holding the caller.
 */
class KrakenCallBudgetTest {

    private static final long BUDGET_MS = 7000;
    private static final String TRADE_KEY = "kraken-budget-trade";
    private static final String BALANCE_KEY = "kraken-budget-balance";

    static KrakenStub kraken;
    static RunningBridge bridge;

    @BeforeAll
    static void start() throws Exception {
        kraken = KrakenStub.start();
        kraken.addAccount(TRADE_KEY, KrakenBridgeTest.SECRET);
        kraken.addAccount(BALANCE_KEY, KrakenBridgeTest.SECRET);
        bridge = RunningBridge.start(Map.of(
                "fmz.exchange.kraken.base-url", kraken.baseUrl(),
                "fmz.call.total-timeout-ms", String.valueOf(BUDGET_MS),
                "fmz.call.response-timeout-ms", "1500"));
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        kraken.close();
    }

    @Test
    void aTradeWhoseReplyIsLostIsAnsweredWithinTheBudget() throws Exception {
        // the connection dies before Kraken took the order: every look-up finds nothing (open orders,
        // then closed ones, per attempt), until the budget ends them
        kraken.failNext("/0/private/AddOrder", new Fault.Reset());
        long start = System.nanoTime();
        JsonNode reply = bridge.call("/Kraken", envelope("trade", TRADE_KEY, KrakenBridgeTest.SECRET,
                "symbol", "BTC_USD", "type", "buy", "amount", "0.01", "price", "20000"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(reply.path("error").asText()).startsWith("Kraken: order outcome unknown").contains("client order id fmz");
        assertThat(tookMs).as("answered within the budget").isLessThan(BUDGET_MS);
        assertThat(kraken.requestsTo("/0/private/AddOrder")).as("looked up, never sent again").hasSize(1);
        assertThat(kraken.requestsTo("/0/private/OpenOrders")).as("looked up while the budget allowed").isNotEmpty();
    }

    @Test
    void callsTheLimitWouldHoldPastTheBudgetAreRefusedAtOnce() throws Exception {
        // fourteen calls empty the key's counter (Kraken's 15 less the one the bridge holds back)
        for (int i = 0; i < 14; i++) {
            assertThat(balance().reply.has("data")).as("call %d", i + 1).isTrue();
        }
        // six more on the key: one comes free every 3 s from the first of the fourteen, so (however long
        // those took) at least the first is answered, and the last two or three lie past the 7 s budget
        ExecutorService strategy = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Timed>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(KrakenCallBudgetTest::balance);
            }
            List<Timed> answered = new ArrayList<>();
            List<Timed> refused = new ArrayList<>();
            for (Future<Timed> call : strategy.invokeAll(calls)) {
                Timed timed = call.get();
                (timed.reply.has("data") ? answered : refused).add(timed);
            }
            assertThat(answered).hasSizeGreaterThanOrEqualTo(1);
            assertThat(refused).hasSizeGreaterThanOrEqualTo(2);
            for (Timed call : refused) {
                assertThat(call.reply.path("error").asText())
                        .startsWith("Kraken: the bridge's limit private for this exchange (at most 15, less 0.33 per 1000 ms "
                                + "per key) would hold this call ")
                        .endsWith("ms, longer than its time budget allows (fmz.call.total-timeout-ms); call again later");
                assertThat(call.tookMs).as("refused at once, not after waiting").isLessThan(1000);
            }
            assertThat(answered).allMatch(call -> call.tookMs < BUDGET_MS);
        } finally {
            strategy.shutdownNow();
        }
    }

    private record Timed(JsonNode reply, long tookMs) {}

    private static Timed balance() throws Exception {
        long start = System.nanoTime();
        JsonNode reply = bridge.call("/Kraken", envelope("accounts", BALANCE_KEY, KrakenBridgeTest.SECRET));
        return new Timed(reply, (System.nanoTime() - start) / 1_000_000);
    }
}
