package io.fmzbridge.call;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.backpack.BackpackStub;
import io.fmzbridge.exchange.binance.BinanceStub;
import io.fmzbridge.exchange.coinbase.CoinbaseStub;
import io.fmzbridge.exchange.kraken.KrakenStub;
import io.fmzbridge.exchange.upbit.UpbitStub;
import io.fmzbridge.stub.StubExchange;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The market-rules job against the exchanges whose own tests keep no rules through it: what each
 * stub's markets reply lists stops an order off the tick, off the lot or under the minimum before
 * anything reaches the exchange, and an order that fits goes out exactly as written. One bridge
 * serves all five stubs, so the job loads five exchanges' rules once.
 */
class MarketRulesEveryExchangeTest {

    /** What FMZ asks to trade, and what an order request carried. */
    record Order(String amount, String price) {
    }

    /** A step an order must keep to: its size, a value off it, and the two on either side as the error names them. */
    record Step(String size, String off, String neighbours) {
    }

    /** An order the rules refuse, and the error after the exchange's label. */
    record Refusal(Order order, String error) {
    }

    /**
     * One exchange's stub with an account, and one limit-order market as that stub lists it.
     *
     * @param fits         an amount and price that keep every rule; the off-step orders change one of them
     * @param underMinimum null when the markets reply's only minimum is the lot step itself
     * @param sent         reads the amount and price an order request to {@code orderPath} carried
     */
    record Rules(String label, String id, StubExchange stub, String accessKey, String secretKey, String symbol,
                 Order fits, Step tick, Step lot, Refusal underMinimum, String orderPath, Function<StubRequest, Order> sent) {

        Refusal offTick() {
            return offStep(new Order(fits.amount(), tick.off()), "price", tick);
        }

        Refusal offLot() {
            return offStep(new Order(lot.off(), fits.price()), "amount", lot);
        }

        private Refusal offStep(Order order, String what, Step step) {
            return new Refusal(order, what + " " + step.off() + " is not a multiple of " + symbol + "'s step " + step.size()
                    + " (" + step.neighbours() + " would be); the bridge does not round");
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private static List<Rules> exchanges;
    private static RunningBridge bridge;

    @BeforeAll
    static void start() throws Exception {
        exchanges = List.of(binance(), backpack(), upbit(), kraken(), coinbase());
        Map<String, String> properties = new HashMap<>(Map.of("fmz.markets.sync-enabled", "true",
                // Kraken's public allowance (one call per second) would pace the job's three calls for 2 s
                "fmz.exchange.kraken.limits.public", "100/1000 per public"));
        exchanges.forEach(rules -> properties.put("fmz.exchange." + rules.id() + ".base-url", rules.stub().baseUrl()));
        bridge = RunningBridge.start(properties);
        for (Rules rules : exchanges) {
            bridge.awaitMarketRules(rules.id());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        exchanges.forEach(rules -> rules.stub().close());
    }

    @BeforeEach
    void forget() {
        exchanges.forEach(rules -> rules.stub().clear());
    }

    static List<Rules> exchanges() {
        return exchanges;
    }

    // --- the five markets, as their stubs list them ---

    /** BTCUSDT: PRICE_FILTER tick 0.01, LOT_SIZE step and minQty 0.00001, NOTIONAL minNotional 5. */
    static Rules binance() {
        BinanceStub stub = BinanceStub.start();
        stub.addAccount("binance-key", "binance-secret");
        return new Rules("Binance", "binance", stub, "binance-key", "binance-secret", "BTC_USDT", new Order("0.00017", "30000.01"),
                new Step("0.01", "30000.005", "30000 or 30000.01"), new Step("0.00001", "0.000015", "0.00001 or 0.00002"),
                new Refusal(new Order("0.0001", "30000.01"), "order value (price × amount) 3.000001 is below BTC_USDT's minimum 5"),
                "/api/v3/order", sent -> fields(StubExchange.parseQuery(sent.rawQuery()), "quantity", "price"));
    }

    /** SOL_USDC: filters.price.tickSize 0.01, filters.quantity.stepSize and minQuantity 0.01. */
    static Rules backpack() {
        BackpackStub stub = BackpackStub.start();
        BackpackStub.ApiKey key = stub.addAccount(Map.of("USDC", Map.of("available", "1000", "locked", "0", "staked", "0")));
        return new Rules("Backpack", "backpack", stub, key.publicKey(), key.secret(), "SOL_USDC", new Order("1.01", "171.26"),
                new Step("0.01", "171.255", "171.25 or 171.26"), new Step("0.01", "1.015", "1.01 or 1.02"), null,
                "/api/v1/order", sent -> json(sent, "/quantity", "/price"));
    }

    /**
     * KRW-BTC last traded at 8,621,000 KRW: the 1,000 KRW tick of Upbit's price bands, 8-decimal
     * volumes, 5,000 KRW smallest order (its market list carries no rules; Upbit documents these).
     */
    static Rules upbit() {
        UpbitStub stub = UpbitStub.start();
        String secret = "upbit-rules-secret-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ";
        stub.addAccount("upbit-key", secret);
        return new Rules("Upbit", "upbit", stub, "upbit-key", secret, "BTC_KRW", new Order("0.00123457", "8622000"),
                new Step("1000", "8621500", "8621000 or 8622000"), new Step("0.00000001", "0.000000015", "0.00000001 or 0.00000002"),
                new Refusal(new Order("0.0005", "8622000"), "order value (price × amount) 4311 is below BTC_KRW's minimum 5000"),
                "/v1/orders", sent -> json(sent, "/volume", "/price"));
    }

    /** XBTUSD: tick_size 0.1, lot_decimals 8, ordermin 0.0001 BTC, costmin 0.5 USD. */
    static Rules kraken() {
        KrakenStub stub = KrakenStub.start();
        String secret = "a3Jha2VuLXJ1bGVzLXRlc3Qtc2VjcmV0LW9mLXRoaXMtc3VpdGU=";
        stub.addAccount("kraken-key", secret);
        return new Rules("Kraken", "kraken", stub, "kraken-key", secret, "BTC_USD", new Order("0.00012345", "30000.1"),
                new Step("0.1", "30000.05", "30000 or 30000.1"), new Step("0.00000001", "0.000100005", "0.0001 or 0.00010001"),
                new Refusal(new Order("0.00005", "30000.1"), "amount 0.00005 is below BTC_USD's minimum 0.0001"),
                "/0/private/AddOrder", sent -> fields(StubExchange.parseQuery(sent.body()), "volume", "price"));
    }

    /** BTC-USD: price_increment 0.01, base_increment 0.00000001, quote_min_size 1 USD. */
    static Rules coinbase() throws Exception {
        CoinbaseStub stub = CoinbaseStub.start();
        CoinbaseStub.ApiKey key = stub.addTestKey();
        return new Rules("Coinbase", "coinbase", stub, key.name(), key.secret(), "BTC_USD", new Order("0.00012345", "66363.04"),
                new Step("0.01", "66363.035", "66363.03 or 66363.04"), new Step("0.00000001", "0.000000015", "0.00000001 or 0.00000002"),
                new Refusal(new Order("0.00001", "66363.03"), "order value (price × amount) 0.6636303 is below BTC_USD's minimum 1"),
                "/api/v3/brokerage/orders",
                sent -> json(sent, "/order_configuration/limit_limit_gtc/base_size", "/order_configuration/limit_limit_gtc/limit_price"));
    }

    private static Order fields(Map<String, String> fields, String amount, String price) {
        return new Order(fields.get(amount), fields.get(price));
    }

    private static Order json(StubRequest sent, String amount, String price) {
        try {
            JsonNode body = RunningBridge.JSON.readTree(sent.body());
            return new Order(body.at(amount).asText(null), body.at(price).asText(null));
        } catch (Exception e) {
            throw new AssertionError("not a JSON order: " + sent.body(), e);
        }
    }

    // --- the checks ---

    private static JsonNode buy(Rules rules, Order order) throws Exception {
        return bridge.call("/" + rules.label(), envelope("trade", rules.accessKey(), rules.secretKey(), "symbol", rules.symbol(),
                "type", "buy", "amount", order.amount(), "price", order.price()));
    }

    private static void assertRefusedUnsent(Rules rules, Refusal refusal) throws Exception {
        assertThat(buy(rules, refusal.order()).path("error").asText()).isEqualTo(rules.label() + ": " + refusal.error());
        assertThat(rules.stub().requests()).as("nothing reached %s, its order endpoint %s included", rules, rules.orderPath())
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void aPriceOffTheTickIsRefusedBeforeItIsSent(Rules rules) throws Exception {
        assertRefusedUnsent(rules, rules.offTick());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void anAmountOffTheLotOrUnderTheMinimumIsRefusedBeforeItIsSent(Rules rules) throws Exception {
        assertRefusedUnsent(rules, rules.offLot());
        if (rules.underMinimum() != null) {
            assertRefusedUnsent(rules, rules.underMinimum());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void anOrderThatFitsIsSentAsWritten(Rules rules) throws Exception {
        JsonNode reply = buy(rules, rules.fits());
        assertThat(reply.path("error").asText()).isEmpty();
        assertThat(reply.path("data").path("id").asText()).isNotEmpty();
        List<StubRequest> placed = rules.stub().requestsTo(rules.orderPath());
        assertThat(placed).hasSize(1);
        assertThat(rules.sent().apply(placed.get(0))).isEqualTo(rules.fits());
    }
}
