package io.fmzbridge.exchange.bithumb;

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
 * Bithumb's model end to end, against a stub that counts each call on arrival in any second as Bithumb
 * documents it (each category per IP, public 150 and private 140, whichever key signs; orders and cancels
 * on one asset 20) and refuses with HTTP 429. The bridge holds each figure a tenth below Bithumb's: the
 * last order on an asset that fits goes at once, the next when the first reply is a second old, and another
 * asset's go beside them.
 */
class BithumbRateLimitTest {

    private static final String KEY = BithumbBridgeTest.KEY;
    private static final String SECRET = BithumbBridgeTest.SECRET;
    private static final String KEY_B = "bithumb-second-api-key-0123456789";
    private static final String ORDERS = "/v2/orders";

    private BithumbStub bithumb;

    @BeforeEach
    void startStub() {
        bithumb = BithumbStub.start();
        bithumb.addAccount(KEY, SECRET);
        bithumb.addAccount(KEY_B, SECRET);
        bithumb.enforceRateLimits();
    }

    @AfterEach
    void stopStub() {
        bithumb.close();
    }

    private RunningBridge bridge(String... settings) throws Exception {
        Map<String, String> overrides = new HashMap<>(Map.of("fmz.exchange.bithumb.base-url", bithumb.baseUrl(),
                "fmz.listen.max-threads", "160"));
        for (int i = 0; i < settings.length; i += 2) {
            overrides.put(settings[i], settings[i + 1]);
        }
        return RunningBridge.start(overrides);
    }

    private static Callable<JsonNode> call(RunningBridge bridge, String method, String key, Object... params) {
        return () -> bridge.call("/Bithumb", envelope(method, key, SECRET, params));
    }

    private static Callable<JsonNode> order(RunningBridge bridge, String symbol, String amount, String price) {
        return call(bridge, "trade", KEY, "symbol", symbol, "type", "buy", "amount", amount, "price", price);
    }

    private static Callable<JsonNode> btcOrder(RunningBridge bridge) {
        return order(bridge, "BTC_KRW", "0.001", "8000000");
    }

    private static List<Served> onMarket(List<Served> served, String market) {
        return served.stream().filter(one -> one.request().body().contains("\"" + market + "\"")).toList();
    }

    /** The earliest reply among the first {@code count}: a period after it, a limit of {@code count} frees a place. */
    private static long firstReply(List<Served> arrived, int count) {
        return arrived.subList(0, count).stream().mapToLong(Served::repliedNanos).min().orElseThrow();
    }

    /**
     * Milliseconds from the earliest reply among the first {@code count} to the arrival of the next one: under a
     * period, that one was not held; about a period, it waited for the first place to free.
     */
    private static long fromFirstReply(List<Served> arrived, int count) {
        return Burst.ms(firstReply(arrived, count), arrived.get(count).arrivedNanos());
    }

    /** A first signed call on a fresh bridge takes a while (and reads the market's order rules); after one, the next are quick. */
    private void warm(RunningBridge bridge) throws Exception {
        assertThat(Burst.of(List.of(btcOrder(bridge), order(bridge, "ETH_KRW", "0.1", "355000")))).allMatch(Reply::ok);
        Thread.sleep(1100);
        bithumb.clear();
    }

    @Test
    void theLastOrderThatFitsOnAnAssetGoesAtOnceTheNextWhenTheFirstReplyIsASecondOldAndAnotherAssetsBeside() throws Exception {
        // orders per asset scaled down from Bithumb's 20 a second to 10, the bridge's held at 9, for a small burst
        bithumb.enforceRateLimits(Map.of("asset-orders", 10));
        try (RunningBridge bridge = bridge("fmz.exchange.bithumb.limits.asset-orders", "9/1000 per key+symbol")) {
            warm(bridge);
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(10, btcOrder(bridge)));
            calls.addAll(Burst.times(3, order(bridge, "ETH_KRW", "0.1", "355000")));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            List<Served> btc = onMarket(Burst.arrivals(bithumb, ORDERS), "KRW-BTC");
            List<Served> eth = onMarket(Burst.arrivals(bithumb, ORDERS), "KRW-ETH");
            assertThat(fromFirstReply(btc, 8)).as("the ninth, not held").isLessThan(950);
            assertThat(fromFirstReply(btc, 9)).as("the tenth").isBetween(950L, 1400L);
            assertThat(Burst.ms(firstReply(btc, 9), eth.get(2).arrivedNanos())).as("ETH's own, not held").isLessThan(950);
            assertThat(bithumb.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void cancelsCountWithOrdersOnTheirAssetSoABurstOfBothIsNeverRefused() throws Exception {
        try (RunningBridge bridge = bridge()) {
            warm(bridge);
            List<Callable<JsonNode>> placements = Burst.times(10, btcOrder(bridge));
            List<String> ids = Burst.of(placements).stream().map(reply -> reply.json().path("data").path("id").asText()).toList();
            List<Callable<JsonNode>> calls = new ArrayList<>();
            ids.forEach(id -> calls.add(call(bridge, "cancel", KEY, "id", id)));
            calls.addAll(Burst.times(20, btcOrder(bridge)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).allMatch(Reply::ok);
            assertThat(bithumb.rateLimitRefusals()).as("40 orders and cancels on BTC at 20 a second, none refused").isZero();
        }
    }

    @Test
    void privateCallsOfEveryKeyShareTheAddressesCategory() throws Exception {
        // the private category scaled down to ten a second, refused rather than waited for
        try (RunningBridge bridge = bridge("fmz.exchange.bithumb.limits.private", "10/1000 per ip",
                "fmz.call.rate-limit-reject", "true")) {
            List<Callable<JsonNode>> calls = new ArrayList<>(Burst.times(6, call(bridge, "accounts", KEY)));
            calls.addAll(Burst.times(5, call(bridge, "accounts", KEY_B)));
            List<Reply> replies = Burst.of(calls);

            assertThat(replies).filteredOn(reply -> !reply.ok()).extracting(Reply::error).containsExactly(
                    "Bithumb: the bridge's limit private for this exchange (10 per 1000 ms per ip) is reached "
                            + "(fmz.exchange.bithumb.limits.private); call again shortly");
            assertThat(bithumb.rateLimitRefusals()).isZero();
        }
    }
}
