package io.fmzbridge.exchange.kraken;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.Burst;
import io.fmzbridge.stub.Burst.Reply;
import io.fmzbridge.stub.StubExchange.Served;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kraken's model end to end, against a stub that counts each call on arrival as Kraken documents and
 * refuses as Kraken does: the key's call counter (Starter: 15, 0.33 off per second; the bridge holds one
 * back), the pair's trading counter for orders and cancels, one public call per second. The last call
 * that fits goes at once, the next goes when the model says and not later, and the stub refuses nothing.
 */
class KrakenRateLimitTest {

    private static final String KEY = KrakenBridgeTest.KEY;
    private static final String SECRET = KrakenBridgeTest.SECRET;
    private static final String KEY_B = "kraken-second-key";
    private static final String BALANCE = "/0/private/BalanceEx";
    private static final String TICKER = "/0/public/Ticker";
    private static final String ADD_ORDER = "/0/private/AddOrder";
    /** One off Starter's counter every 1 / 0.33 s. */
    private static final long STARTER_DECAY_MS = 3030;

    private KrakenStub kraken;

    @BeforeEach
    void startStub() {
        kraken = KrakenStub.start();
        kraken.addAccount(KEY, SECRET);
        kraken.addAccount(KEY_B, SECRET);
    }

    @AfterEach
    void stopStub() {
        kraken.close();
    }

    /** The bridge with these settings, its symbol map loaded (two public calls), the stub's record cleared. */
    private RunningBridge bridge(String... settings) throws Exception {
        Map<String, String> overrides = new HashMap<>(Map.of("fmz.exchange.kraken.base-url", kraken.baseUrl()));
        for (int i = 0; i < settings.length; i += 2) {
            overrides.put(settings[i], settings[i + 1]);
        }
        RunningBridge bridge = RunningBridge.start(overrides);
        try {
            assertThat(bridge.call("/Kraken", envelope("ticker", "", "", "symbol", "BTC_USD")).has("data")).isTrue();
        } catch (Exception | AssertionError failed) {
            bridge.close();
            throw failed;
        }
        kraken.clear();
        return bridge;
    }

    private static Callable<JsonNode> balance(RunningBridge bridge, String key) {
        return () -> bridge.call("/Kraken", envelope("accounts", key, SECRET));
    }

    private static JsonNode order(RunningBridge bridge, String symbol) throws Exception {
        return bridge.call("/Kraken", envelope("trade", KEY, SECRET, "symbol", symbol, "type", "buy", "amount", "0.01",
                "price", "20000"));
    }

    @Test
    void fourteenPrivateCallsGoAtOnceAndTheFifteenthWhenKrakensCounterHasDecayedByOne() throws Exception {
        kraken.enforceRateLimits(KrakenStub.Limits.STARTER);
        try (RunningBridge bridge = bridge()) {
            List<Reply> replies = Burst.of(Burst.times(15, balance(bridge, KEY)));

            assertThat(replies).allMatch(Reply::ok);
            List<Served> arrived = Burst.arrivals(kraken, BALANCE);
            assertThat(arrived).hasSize(15);
            long first = arrived.get(0).arrivedNanos();
            assertThat(Burst.ms(first, arrived.get(13).arrivedNanos())).as("the fourteenth, one after another on "
                    + "the key's nonce turn").isLessThan(1500);
            assertThat(Burst.ms(first, arrived.get(14).arrivedNanos())).as("the fifteenth, once one has decayed "
                    + "since the first left the bridge").isBetween(STARTER_DECAY_MS - 300, STARTER_DECAY_MS + 500);
            assertThat(kraken.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void withRateLimitRejectTheFifteenthIsRefusedAndNamesTheCounter() throws Exception {
        // the symbol map's public calls, a second apart, would be refused too: they go first, unlimited
        try (RunningBridge bridge = bridge("fmz.call.rate-limit-reject", "true",
                "fmz.exchange.kraken.limits.public", "10/1000 per public")) {
            kraken.enforceRateLimits(KrakenStub.Limits.STARTER);
            List<Reply> replies = Burst.of(Burst.times(15, balance(bridge, KEY)));

            assertThat(replies).filteredOn(Reply::ok).hasSize(14);
            assertThat(replies).filteredOn(reply -> !reply.ok()).extracting(Reply::error).containsExactly(
                    "Kraken: the bridge's limit private for this exchange (at most 15, less 0.33 per 1000 ms per key) is "
                            + "reached (fmz.exchange.kraken.limits.private.starter); call again shortly");
            assertThat(kraken.requestsTo(BALANCE)).hasSize(14);
            assertThat(kraken.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void aProKeysCallsAndAnothersRunAtTheirTiersRateWithoutARefusal() throws Exception {
        kraken.enforceRateLimits(KrakenStub.Limits.PRO);
        try (RunningBridge bridge = bridge("fmz.exchange.kraken.tier", "pro")) {
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(24, balance(bridge, KEY)));
            calls.addAll(Burst.times(24, balance(bridge, KEY_B)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            assertThat(kraken.rateLimitRefusals()).as("Pro: 20 at most, 1 off per second, per key").isZero();
            for (String key : List.of(KEY, KEY_B)) {
                List<Served> arrived = Burst.arrivals(kraken, BALANCE).stream()
                        .filter(served -> key.equals(served.request().header("API-Key"))).toList();
                assertThat(arrived).hasSize(24);
                assertThat(Burst.ms(arrived.get(0).arrivedNanos(), arrived.get(23).arrivedNanos()))
                        .as("19 at once, then one a second: the last five 1 to 5 s after the first left the bridge")
                        .isBetween(4700L, 5800L);
            }
        }
    }

    @Test
    void aLedgerCallThroughExchangeIoCostsTheCounterTwo() throws Exception {
        kraken.enforceRateLimits(KrakenStub.Limits.PRO);
        try (RunningBridge bridge = bridge("fmz.exchange.kraken.tier", "pro")) {
            Callable<JsonNode> ledgers = () -> bridge.call("/Kraken", RunningBridge.JSON.writeValueAsString(
                    envelope("__api_/0/private/Ledgers", KEY, SECRET)), Map.of("Http-Method", "POST"));
            // Pro: 19 of Kraken's 20 at once, 1 back a second: nine ledger calls at once, the tenth a second on,
            // the eleventh two more; counted as one each, all eleven would go at once and 22 reach Kraken
            List<Reply> replies = Burst.of(Burst.times(11, ledgers));

            assertThat(replies).allMatch(Reply::ok);
            List<Served> arrived = Burst.arrivals(kraken, "/0/private/Ledgers");
            long first = arrived.get(0).arrivedNanos();
            assertThat(Burst.ms(first, arrived.get(8).arrivedNanos())).isLessThan(800);
            assertThat(Burst.ms(first, arrived.get(9).arrivedNanos())).isBetween(700L, 1500L);
            assertThat(Burst.ms(first, arrived.get(10).arrivedNanos())).isBetween(2700L, 3500L);
            assertThat(kraken.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void publicCallsGoOneASecondFromTheLastReply() throws Exception {
        kraken.enforceRateLimits(KrakenStub.Limits.STARTER);
        try (RunningBridge bridge = bridge()) {
            Thread.sleep(1000); // the symbol map's last call leaves the public allowance
            List<Reply> replies = Burst.of(Burst.times(3, () -> bridge.call("/Kraken",
                    envelope("ticker", "", "", "symbol", "BTC_USD"))));

            assertThat(replies).allMatch(Reply::ok);
            List<Served> arrived = Burst.arrivals(kraken, TICKER);
            assertThat(arrived).hasSize(3);
            for (int i = 1; i < 3; i++) {
                assertThat(Burst.ms(arrived.get(i - 1).repliedNanos(), arrived.get(i).arrivedNanos()))
                        .as("ticker %d, a second after the previous reply", i + 1).isBetween(950L, 1300L);
            }
            assertThat(kraken.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void ordersAndCancelsSpendTheirPairsTradingCounterAndNotTheKeysCallCounter() throws Exception {
        // small trading figures to see the edge quickly: at most 12 per pair, 4 off per second
        kraken.enforceRateLimits(new KrakenStub.Limits(15, 0.33, 12, 4, 1));
        try (RunningBridge bridge = bridge("fmz.exchange.kraken.limits.trading.starter", "bucket 12 decay 4/1000 per key+symbol")) {
            String first = order(bridge, "BTC_USD").path("data").path("id").asText();
            assertThat(order(bridge, "BTC_USD").has("data")).isTrue();
            assertThat(order(bridge, "BTC_USD").has("data")).isTrue();
            JsonNode cancel = bridge.call("/Kraken", envelope("cancel", KEY, SECRET, "id", first));
            assertThat(cancel.has("data")).as("%s", cancel).isTrue();
            // 1 + 1 + 1 + 8 for a cancel under 5 s: the 11 the bridge allows; the next order waits for one to decay
            assertThat(order(bridge, "BTC_USD").has("data")).isTrue();
            List<Served> orders = Burst.arrivals(kraken, ADD_ORDER);
            assertThat(Burst.ms(orders.get(0).arrivedNanos(), orders.get(3).arrivedNanos()))
                    .as("a quarter second after the first order").isBetween(200L, 600L);

            long start = System.nanoTime();
            assertThat(order(bridge, "ETH_USD").has("data")).as("another pair, its own counter").isTrue();
            List<Reply> balances = Burst.of(Burst.times(14, balance(bridge, KEY)));
            assertThat(balances).allMatch(Reply::ok);
            assertThat(Burst.ms(start, System.nanoTime())).as("orders spent none of the key's call counter")
                    .isLessThan(1500);
            assertThat(kraken.rateLimitRefusals()).isZero();
        }
    }

    /**
     * FMZ cancels with the order's id and its symbol (BTC_USD); the order was counted on its pair's trading
     * counter under Kraken's name for it (XBTUSD), and so is the cancel: before, FMZ's symbol gave it a
     * counter of its own, and orders and cancels together could go to twice the pair's threshold.
     */
    @Test
    void aCancelThatNamesFmzsSymbolSpendsItsOrdersPairCounter() throws Exception {
        // a trading counter of 12 that hardly decays: three orders and a cancel under 5 s (8) fill the 11
        kraken.enforceRateLimits(new KrakenStub.Limits(15, 0.33, 12, 0.1, 10));
        try (RunningBridge bridge = bridge("fmz.call.rate-limit-reject", "true",
                "fmz.exchange.kraken.limits.public", "10/1000 per public",
                "fmz.exchange.kraken.limits.trading.starter", "bucket 12 decay 0.1/1000 per key+symbol")) {
            String first = order(bridge, "BTC_USD").path("data").path("id").asText();
            assertThat(order(bridge, "BTC_USD").has("data")).isTrue();
            assertThat(order(bridge, "BTC_USD").has("data")).isTrue();
            JsonNode cancel = bridge.call("/Kraken", envelope("cancel", KEY, SECRET, "id", first, "symbol", "BTC_USD"));
            assertThat(cancel.has("data")).as("%s", cancel).isTrue();

            JsonNode next = order(bridge, "BTC_USD");
            assertThat(next.path("error").asText()).as("the next order finds the pair's counter full: %s", next)
                    .contains("limit trading");
            assertThat(kraken.rateLimitRefusals()).isZero();
        }
    }

    /**
     * Kraken adds less for cancelling an older order (+6 from 5 s, down to nothing from 300 s); the bridge
     * times the orders it placed and spends what their age says, so the pair's allowance is not held back
     * for a cancel that costs less than the most (before, every cancel was counted 8).
     */
    @Test
    void aCancelOfAnOrderTheBridgePlacedFiveSecondsAgoSpendsSix() throws Exception {
        // a trading counter of 12 that hardly decays: three orders (3), then 5 s (-0.5), a cancel (+6) and an
        // order (+1) stay within the 11 the bridge allows; counted 8, the cancel would leave the order refused
        kraken.enforceRateLimits(new KrakenStub.Limits(15, 0.33, 12, 0.1, 10));
        try (RunningBridge bridge = bridge("fmz.call.rate-limit-reject", "true",
                "fmz.exchange.kraken.limits.public", "10/1000 per public",
                "fmz.exchange.kraken.limits.trading.starter", "bucket 12 decay 0.1/1000 per key+symbol")) {
            String first = order(bridge, "BTC_USD").path("data").path("id").asText();
            assertThat(order(bridge, "BTC_USD").has("data")).isTrue();
            assertThat(order(bridge, "BTC_USD").has("data")).isTrue();
            Thread.sleep(5100);
            JsonNode cancel = bridge.call("/Kraken", envelope("cancel", KEY, SECRET, "id", first));
            assertThat(cancel.has("data")).as("%s", cancel).isTrue();

            JsonNode next = order(bridge, "BTC_USD");
            assertThat(next.has("data")).as("the order fits beside a cancel of a 5 s old order: %s", next).isTrue();
            assertThat(kraken.rateLimitRefusals()).isZero();
        }
    }

    /**
     * A key's calls take their nonce turn one after another, but a call still waiting for the call counter
     * does not hold the turn: an order, on the trading counter, goes at once while the same key's balance
     * calls wait for the counter (before, it waited behind all of them, 3 s each, and the trading allowance
     * went unused meanwhile).
     */
    @Test
    void anOrderGoesAtOnceWhileTheSameKeysBalanceCallsWaitForTheCallCounter() throws Exception {
        kraken.enforceRateLimits(KrakenStub.Limits.STARTER);
        try (RunningBridge bridge = bridge()) {
            // fourteen fill the counter, three more wait for it, one every 3 s; the order asks after all of them
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(17, balance(bridge, KEY)));
            calls.add(() -> {
                Thread.sleep(2000);
                return order(bridge, "BTC_USD");
            });
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            List<Served> balances = Burst.arrivals(kraken, BALANCE);
            assertThat(balances).hasSize(17);
            assertThat(Burst.arrivals(kraken, ADD_ORDER).get(0).arrivedNanos())
                    .as("the order reaches Kraken before the last balance call (9 s after the first), not after it")
                    .isLessThan(balances.get(16).arrivedNanos());
            assertThat(kraken.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void theBridgesOwnJobsNeverHoldUpAStrategysPublicCall() throws Exception {
        kraken.enforceRateLimits(KrakenStub.Limits.STARTER);
        try (RunningBridge bridge = RunningBridge.startWithJobs(Map.of("fmz.exchange.kraken.base-url", kraken.baseUrl()))) {
            // the first call begins the clock and market-rules jobs, whose calls then wait for spare allowance
            for (int i = 0; i < 3; i++) {
                assertThat(bridge.call("/Kraken", envelope("ticker", "", "", "symbol", "BTC_USD")).has("data")).isTrue();
            }
            kraken.awaitRequests("/0/public/Time", 1);
            List<String> order = kraken.served().stream().sorted(java.util.Comparator.comparingLong(Served::arrivedNanos))
                    .map(served -> served.request().path()).toList();
            assertThat(order.subList(0, 5)).as("the strategy's calls first, the jobs' after")
                    .containsExactly("/0/public/AssetPairs", "/0/public/Assets", TICKER, TICKER, TICKER);
            List<Served> tickers = Burst.arrivals(kraken, TICKER);
            for (int i = 1; i < 3; i++) {
                assertThat(Burst.ms(tickers.get(i - 1).repliedNanos(), tickers.get(i).arrivedNanos()))
                        .as("ticker %d waited for nothing but the allowance", i + 1).isLessThan(1300L);
            }
            assertThat(kraken.rateLimitRefusals()).isZero();
        }
    }
}
