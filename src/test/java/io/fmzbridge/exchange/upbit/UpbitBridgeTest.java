package io.fmzbridge.exchange.upbit;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.fmzbridge.ExchangeBridgeTest;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.call.MarketRules;
import io.fmzbridge.stub.StubExchange.Fault;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bridge end to end against a local Upbit that verifies every JWT (HS512 signature, access
 * key, fresh nonce, query_hash of the parameters as received): each FMZ spot method, each failure
 * class, the KRW tick bands, lost placements, and that no secret or token escapes.
 */
class UpbitBridgeTest extends ExchangeBridgeTest {

    static final String KEY = "upbit-test-access-key-0123456789abcdefghij";
    /** 64 characters: nimbus's verifier in the stub wants HS512's full key length. */
    static final String SECRET = "S3cr3t-upbit-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO";
    static final long RESPONSE_TIMEOUT_MS = 1500;

    UpbitStub upbit;

    UpbitBridgeTest() {
        super("Upbit", KEY, SECRET);
    }

    @Override
    protected UpbitStub startStub() throws Exception {
        upbit = UpbitStub.start();
        upbit.addAccount(KEY, SECRET);
        return upbit;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of(
                "fmz.exchange.upbit.base-url", upbit.baseUrl(),
                "fmz.call.response-timeout-ms", String.valueOf(RESPONSE_TIMEOUT_MS),
                "fmz.call.rate-limit-enabled", "false",
                "fmz.call.rate-limit-pause-ms", "0",
                "fmz.order.lookup-pause-ms", "50");
    }

    @BeforeAll
    void keepMarketRules() throws Exception {
        // GetMarkets live, before any rules are kept (later calls are answered from the kept ones)
        liveMarkets = data("markets");
        liveMarketsCalls = upbit.requests().stream().map(StubRequest::rawPathAndQuery).toList();
        // the rules the market-rules job would keep, read from the stub's own replies
        JsonNode list = RunningBridge.JSON.readTree(get("/v1/market/all"));
        JsonNode tickers = RunningBridge.JSON.readTree(get("/v1/ticker?markets=KRW-BTC,KRW-ETH,BTC-ETH"));
        bridge.lookup(MarketRules.class).update("upbit", new UpbitMapper().markets(tickers, list));
    }

    JsonNode liveMarkets;
    List<String> liveMarketsCalls;

    String get(String pathAndQuery) throws Exception {
        return bridge.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(upbit.baseUrl() + pathAndQuery)).build()).body();
    }

    /** The verified claims of the token the last request carried. */
    JWTClaimsSet lastClaims() {
        return upbit.verifiedClaimsOf(lastRequest());
    }

    String placeLimitBuy(String amount, String price) throws Exception {
        return data("trade", "symbol", "BTC_KRW", "type", "buy", "amount", amount, "price", price).path("id").asText();
    }

    static String uuidOf(String id) {
        return id.substring(id.indexOf(',') + 1);
    }

    @Nested
    class MarketData {

        @Test
        void tickerTakesBidAndAskFromTheBook() throws Exception {
            JsonNode reply = call("ticker", "symbol", "btc_krw");
            JsonNode t = reply.path("data");
            assertThat(t.path("symbol").asText()).isEqualTo("BTC_KRW");
            assertThat(t.path("buy").decimalValue()).isEqualByComparingTo("6954000");
            assertThat(t.path("sell").decimalValue()).isEqualByComparingTo("6956000");
            assertThat(t.path("high").decimalValue()).isEqualByComparingTo("8679000");
            assertThat(t.path("low").decimalValue()).isEqualByComparingTo("8445000");
            assertThat(t.path("open").decimalValue()).isEqualByComparingTo("8450000");
            assertThat(t.path("last").decimalValue()).isEqualByComparingTo("8621000");
            assertThat(t.path("vol").decimalValue()).isEqualTo(new BigDecimal("27181.31137002"));
            assertThat(t.path("time").asLong()).isEqualTo(1524047026072L);
            assertThat(reply.path("raw").path(0).path("market").asText()).isEqualTo("KRW-BTC");
            assertThat(upbit.requests()).extracting(StubRequest::rawPathAndQuery)
                    .containsExactly("/v1/ticker?markets=KRW-BTC", "/v1/orderbook?markets=KRW-BTC");
            assertThat(lastRequest().headers()).as("public calls carry no token").doesNotContainKey("authorization");
        }

        @Test
        void anUnknownMarketKeepsUpbitsErrorName() throws Exception {
            assertThat(error("ticker", "symbol", "NOPE_KRW")).isEqualTo("Upbit: 404: Code not found (HTTP 404)");
        }

        @Test
        void depthIsLimitedAndOrderedAndExact() throws Exception {
            JsonNode depth = data("depth", "symbol", "BTC_KRW", "limit", "2");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v1/orderbook?markets=KRW-BTC");
            assertThat(depth.path("asks")).hasSize(2);
            assertThat(depth.path("bids")).hasSize(2);
            assertThat(depth.path("asks").path(0).path(0).decimalValue()).isEqualByComparingTo("6956000");
            assertThat(depth.path("asks").path(1).path(0).decimalValue()).isEqualByComparingTo("6958000");
            assertThat(depth.path("bids").path(0).path(0).decimalValue()).isEqualByComparingTo("6954000");
            assertThat(depth.path("bids").path(1).path(0).decimalValue()).isEqualByComparingTo("6953000");
            assertThat(depth.path("time").asLong()).isEqualTo(1529910247984L);
        }

        @Test
        void depthWithoutALimitIsTwentyLevelsOfTheThirtyUpbitSends() throws Exception {
            JsonNode depth = data("depth", "symbol", "BTC_KRW");
            assertThat(depth.path("asks")).hasSize(20);
            assertThat(depth.path("bids")).hasSize(20);
            assertThat(depth.path("asks").path(2).path(1).decimalValue()).isEqualTo(new BigDecimal("0.00000001"));
            assertThat(depth.path("asks").path(19).path(0).decimalValue()).isEqualByComparingTo("6977000");
            assertThat(depth.path("bids").path(19).path(0).decimalValue()).isEqualByComparingTo("6935000");
            assertThat(data("depth", "symbol", "BTC_KRW", "limit", 0).path("asks")).as("limit 0 is no limit").hasSize(20);
            assertThat(data("depth", "symbol", "BTC_KRW", "limit", 50).path("asks")).as("all Upbit has").hasSize(30);
        }

        @Test
        void tradesOldestFirstWithTakerSide() throws Exception {
            JsonNode trades = data("trades", "symbol", "BTC_KRW", "limit", 3);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v1/trades/ticks?market=KRW-BTC&count=3");
            assertThat(trades).hasSize(3);
            assertThat(trades.path(0).path("time").asLong()).isLessThan(trades.path(2).path("time").asLong());
            assertThat(trades.path(2).path("type").asText()).as("ask_bid ASK: a taker sell").isEqualTo("sell");
            assertThat(trades.path(0).path("type").asText()).isEqualTo("buy");
            assertThat(trades.path(2).path("amount").decimalValue()).isEqualByComparingTo("0.03");
        }

        @Test
        void tradesWithoutALimitAreTheLastHundredNotUpbitsSingleDefault() throws Exception {
            for (Object noLimit : new Object[] {null, 0}) {
                JsonNode trades = noLimit == null ? data("trades", "symbol", "BTC_KRW") : data("trades", "symbol", "BTC_KRW", "limit", noLimit);
                assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v1/trades/ticks?market=KRW-BTC&count=100");
                assertThat(trades).hasSize(100);
                assertThat(trades.path(0).path("time").asLong()).isLessThan(trades.path(99).path("time").asLong());
            }
        }

        @Test
        void recordsFromTheCandlePathOfThePeriodInSecondsOldestFirst() throws Exception {
            JsonNode bars = data("records", "symbol", "BTC_KRW", "period", "60", "limit", "4");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v1/candles/minutes/60?market=KRW-BTC&count=4");
            assertThat(bars).hasSize(4);
            assertThat(bars.path(0).path(0).asLong()).as("2018-04-18T10:00:00Z in seconds").isEqualTo(1524045600L);
            assertThat(bars.path(3).path(0).asLong()).isEqualTo(1524056400L);
            assertThat(bars.path(0)).hasSize(6);
            assertThat(bars.path(0).path(5).decimalValue()).isEqualTo(new BigDecimal("6.96675663"));

            data("records", "symbol", "BTC_KRW", "period", 1440, "limit", 1000);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v1/candles/days?market=KRW-BTC&count=200");
        }

        @Test
        void recordsWithoutALimitAreAFullPageOfTwoHundredBars() throws Exception {
            JsonNode bars = data("records", "symbol", "BTC_KRW", "period", 10080);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v1/candles/weeks?market=KRW-BTC&count=200");
            assertThat(bars).hasSize(200);
            assertThat(bars.path(199).path(0).asLong() - bars.path(198).path(0).asLong()).as("a week apart").isEqualTo(604800L);
            assertThat(data("records", "symbol", "BTC_KRW", "period", 1, "limit", 0)).hasSize(200);
        }

        @Test
        void aPeriodWithoutUpbitCandleIsAClearError() throws Exception {
            assertThat(error("records", "symbol", "BTC_KRW", "period", 120))
                    .isEqualTo("Upbit: period 120 has no Upbit candle; periods in minutes: [1, 3, 5, 10, 15, 30, 60, 240, 1440, 10080]");
            assertThat(upbit.requests()).isEmpty();
        }

        @Test
        void tickersOfEveryListedMarket() throws Exception {
            JsonNode tickers = data("tickers");
            assertThat(upbit.requests()).extracting(StubRequest::rawPathAndQuery).containsExactly(
                    "/v1/market/all?is_details=true", "/v1/ticker?markets=KRW-BTC%2CKRW-ETH%2CBTC-ETH");
            List<String> symbols = new ArrayList<>();
            tickers.forEach(t -> symbols.add(t.path("symbol").asText()));
            assertThat(symbols).containsExactly("BTC_KRW", "ETH_KRW", "ETH_BTC");
            assertThat(tickers.path(2).path("last").decimalValue()).isEqualTo(new BigDecimal("0.05012345"));
        }

        @Test
        void marketsTellTheTickAtTheLastPriceAndTheMinimumOrderValue() throws Exception {
            JsonNode markets = liveMarkets;
            assertThat(liveMarketsCalls).containsExactly("/v1/market/all?is_details=true",
                    "/v1/ticker?markets=KRW-BTC%2CKRW-ETH%2CBTC-ETH");
            JsonNode btc = markets.path("BTC_KRW");
            assertThat(btc.path("baseAsset").asText()).isEqualTo("BTC");
            assertThat(btc.path("quoteAsset").asText()).isEqualTo("KRW");
            assertThat(btc.path("tickSize").decimalValue()).as("8,621,000 KRW: the 1,000 band").isEqualByComparingTo("1000");
            assertThat(btc.path("pricePrecision").asInt()).isZero();
            assertThat(btc.path("minNotional").decimalValue()).isEqualByComparingTo("5000");
            assertThat(markets.path("ETH_KRW").path("tickSize").decimalValue()).as("355,000 KRW").isEqualByComparingTo("100");
            assertThat(data("markets").path("BTC_KRW").path("tickSize").decimalValue()).isEqualByComparingTo("1000");
            assertThat(upbit.requests()).as("then answered from the kept rules").isEmpty();
            assertThat(markets.path("ETH_BTC").path("tickSize").decimalValue()).isEqualTo(new BigDecimal("0.00000001"));
            assertThat(markets.path("ETH_BTC").path("minNotional").decimalValue()).isEqualByComparingTo("0.00005");
            assertThat(btc.has("tickBands")).as("FMZ's Market shape only").isFalse();
        }
    }

    @Nested
    class Account {

        @Test
        void accountsAndAssetsAreSignedAndExact() throws Exception {
            for (String method : new String[] {"accounts", "assets"}) {
                JsonNode balances = data(method);
                assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v1/accounts");
                assertThat(lastClaims().getClaim("access_key")).isEqualTo(KEY);
                assertThat(lastClaims().getClaims()).as("no parameters, no query_hash, no timestamp")
                        .containsOnlyKeys("access_key", "nonce");
                JsonNode krw = find(balances, "currency", "KRW");
                assertThat(krw.path("free").decimalValue()).isEqualByComparingTo("1000000");
                assertThat(krw.path("frozen").decimalValue()).isEqualByComparingTo("5000.5");
                String wire = bridge.post("/Upbit", envelope(method, KEY, SECRET).toString(), Map.of()).body();
                assertThat(wire).as("plain notation on the wire").contains("\"free\":0.00000001");
            }
            assertThat(upbit.algorithmsSeen()).containsOnly("HS512");
        }

        @Test
        void aWrongSecretKeepsUpbitsErrorName() throws Exception {
            JsonNode reply = bridge.call("/Upbit", envelope("accounts", KEY, SECRET.replace('S', 'X')));
            assertThat(reply.path("error").asText()).isEqualTo("Upbit: jwt_verification: Failed to verify Jwt token. (HTTP 401)");
        }

        @Test
        void missingCredentialsAreRefusedBeforeAnyCall() throws Exception {
            assertThat(bridge.call("/Upbit", envelope("accounts", KEY, "")).path("error").asText())
                    .startsWith("Upbit: missing credentials: put the Upbit access key in the Access Key");
            assertThat(upbit.requests()).isEmpty();
        }

        @Test
        void everyTokenHasItsOwnNonce() throws Exception {
            for (int i = 0; i < 5; i++) {
                data("accounts");
            }
            List<Object> nonces = upbit.verifiedClaims().stream().map(c -> c.getClaim("nonce")).toList();
            assertThat(nonces).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(5);
        }
    }

    @Nested
    class Orders {

        @Test
        void aLimitOrderReachesUpbitExactlyWithItsQueryHash() throws Exception {
            String id = data("trade", "symbol", "BTC_KRW", "type", "buy", "amount", new BigDecimal("0.001"),
                    "price", "8000000").path("id").asText();
            assertThat(id).matches("KRW-BTC,[0-9a-f-]{36}");
            StubRequest sent = lastRequest();
            assertThat(sent.method()).isEqualTo("POST");
            assertThat(sent.rawPathAndQuery()).isEqualTo("/v1/orders");
            assertThat(sent.body()).matches("\\{\"market\":\"KRW-BTC\",\"side\":\"bid\",\"volume\":\"0.001\","
                    + "\"price\":\"8000000\",\"ord_type\":\"limit\",\"identifier\":\"fmz[0-9a-f]{29}\"}");
            assertThat(lastClaims().getClaims()).containsKeys("access_key", "nonce", "query_hash", "query_hash_alg");
            assertThat(lastClaims().getClaim("query_hash_alg")).isEqualTo("SHA512");
        }

        @Test
        void marketBuySpendsKrwAsPriceAndMarketSellSellsVolume() throws Exception {
            data("trade", "symbol", "BTC_KRW", "type", "buy", "amount", "10000", "price", -1);
            JsonNode buy = RunningBridge.JSON.readTree(lastRequest().body());
            assertThat(buy.path("ord_type").asText()).isEqualTo("price");
            assertThat(buy.path("price").asText()).isEqualTo("10000");
            assertThat(buy.has("volume")).isFalse();

            data("trade", "symbol", "BTC_KRW", "type", "sell", "amount", "0.5", "price", "-1");
            JsonNode sell = RunningBridge.JSON.readTree(lastRequest().body());
            assertThat(sell.path("ord_type").asText()).isEqualTo("market");
            assertThat(sell.path("side").asText()).isEqualTo("ask");
            assertThat(sell.path("volume").asText()).isEqualTo("0.5");
            assertThat(sell.has("price")).isFalse();
        }

        @Test
        void aPriceOffItsKrwBandIsRefusedWithoutRounding() throws Exception {
            assertThat(error("trade", "symbol", "BTC_KRW", "type", "buy", "amount", "0.01", "price", "8000500"))
                    .isEqualTo("Upbit: price 8000500 is not a multiple of BTC_KRW's step 1000 (8000000 or 8001000 would be);"
                            + " the bridge does not round");
            assertThat(error("trade", "symbol", "ETH_KRW", "type", "buy", "amount", "0.1", "price", "150050"))
                    .as("100,000-500,000 KRW: steps of 100").startsWith("Upbit: price 150050 is not a multiple of ETH_KRW's step 100");
            assertThat(error("trade", "symbol", "BTC_KRW", "type", "buy", "amount", "0.0001", "price", "8000000"))
                    .isEqualTo("Upbit: order value (price × amount) 800 is below BTC_KRW's minimum 5000");
            assertThat(upbit.requests()).isEmpty();
            assertThat(data("trade", "symbol", "ETH_KRW", "type", "buy", "amount", "0.1", "price", "150100").path("id").asText())
                    .startsWith("KRW-ETH,");
        }

        @Test
        void badOrderParametersNeverReachUpbit() throws Exception {
            // XRP_KRW: no kept rules, so FMZ's own order checks speak first
            assertThat(error("trade", "symbol", "XRP_KRW", "type", "buy", "amount", "0", "price", "1"))
                    .isEqualTo("Upbit: amount must be positive, got 0");
            assertThat(error("trade", "symbol", "XRP_KRW", "type", "hold", "amount", "1", "price", "1"))
                    .isEqualTo("Upbit: type must be 'buy' or 'sell', got 'hold'");
            assertThat(upbit.requests()).isEmpty();
        }

        @Test
        void aRejectedOrderKeepsUpbitsErrorNameAndMessage() throws Exception {
            upbit.rejectNextOrder(400, "insufficient_funds_bid", "주문가능한 금액(KRW)이 부족합니다.");
            assertThat(error("trade", "symbol", "BTC_KRW", "type", "buy", "amount", "1", "price", "8000000"))
                    .isEqualTo("Upbit: insufficient_funds_bid: 주문가능한 금액(KRW)이 부족합니다. (HTTP 400)");
        }

        @Test
        void anOrderThroughItsLife() throws Exception {
            String id = placeLimitBuy("0.02", "8000000");
            String uuid = uuidOf(id);

            JsonNode order = data("order", "id", id, "symbol", "BTC_KRW");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v1/order?uuid=" + uuid);
            assertThat(order.path("id").asText()).isEqualTo(id);
            assertThat(order.path("symbol").asText()).isEqualTo("BTC_KRW");
            assertThat(order.path("amount").decimalValue()).isEqualByComparingTo("0.02");
            assertThat(order.path("price").decimalValue()).isEqualByComparingTo("8000000");
            assertThat(order.path("deal_amount").decimalValue()).isEqualByComparingTo("0");
            assertThat(order.path("type").asText()).isEqualTo("buy");
            assertThat(order.path("status").asText()).isEqualTo("pending");

            assertThat(ids(data("orders", "symbol", "BTC_KRW"))).contains(id);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v1/orders/open?market=KRW-BTC");

            upbit.fill(uuid, "0.005", "8000000");
            upbit.fill(uuid, "0.005", "7999000");
            order = data("order", "id", id);
            assertThat(order.path("status").asText()).isEqualTo("partial-filled");
            assertThat(order.path("deal_amount").decimalValue()).isEqualByComparingTo("0.01");
            assertThat(order.path("avg_price").decimalValue()).isEqualByComparingTo("7999500");

            assertThat(data("cancel", "id", id).asBoolean()).isTrue();
            StubRequest cancel = lastRequest();
            assertThat(cancel.method()).isEqualTo("DELETE");
            assertThat(cancel.rawPathAndQuery()).isEqualTo("/v1/order?uuid=" + uuid);
            assertThat(cancel.body()).as("never a JSON body on DELETE").isEmpty();
            // the cancel's own token: a late request from another test may be verified after it
            String token = cancel.headers().get("authorization").substring("Bearer ".length());
            assertThat(com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getClaim("query_hash")).isNotNull();

            assertThat(data("order", "id", id).path("status").asText()).isEqualTo("partial-canceled");
            assertThat(ids(data("orders", "symbol", "BTC_KRW"))).doesNotContain(id);
            assertThat(ids(data("historyorders", "symbol", "BTC_KRW", "limit", 0, "since", 0))).contains(id);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v1/orders/closed?market=KRW-BTC&order_by=desc");

            assertThat(error("cancel", "id", id)).isEqualTo("Upbit: order_not_found: 주문을 찾지 못했습니다. (HTTP 404)");
        }

        @Test
        void filledCanceledAndMarketOrderStatuses() throws Exception {
            String filled = placeLimitBuy("0.01", "8000000");
            upbit.fill(uuidOf(filled), "0.01", "8000000");
            assertThat(data("order", "id", filled).path("status").asText()).isEqualTo("filled");

            String canceled = placeLimitBuy("0.01", "8000000");
            data("cancel", "id", canceled);
            assertThat(data("order", "id", canceled).path("status").asText()).isEqualTo("canceled");

            // a market buy spends KRW; Upbit ends it "cancel" once the leftover cannot buy more
            String marketBuy = data("trade", "symbol", "BTC_KRW", "type", "buy", "amount", "10000", "price", -1).path("id").asText();
            upbit.fill(uuidOf(marketBuy), "0.00125", "8000000");
            upbit.finish(uuidOf(marketBuy), "cancel");
            JsonNode order = data("order", "id", marketBuy);
            assertThat(order.path("status").asText()).isEqualTo("filled");
            assertThat(order.path("amount").decimalValue()).as("KRW to spend, as FMZ placed it").isEqualByComparingTo("10000");
            assertThat(order.path("deal_amount").decimalValue()).isEqualByComparingTo("0.00125");
            assertThat(order.path("avg_price").decimalValue()).isEqualByComparingTo("8000000");
        }

        @Test
        void historyPassesSinceAndCapsTheLimit() throws Exception {
            data("historyorders", "symbol", "BTC_KRW", "limit", "500", "since", "1700000000000");
            assertThat(lastRequest().rawPathAndQuery())
                    .isEqualTo("/v1/orders/closed?market=KRW-BTC&start_time=1700000000000&limit=100&order_by=desc");
        }

        @Test
        void anOrderIsFoundByItsClientOrderId() throws Exception {
            String id = placeLimitBuy("0.01", "8000000");
            String identifier = upbit.placedOrders().get(upbit.placedOrders().size() - 1).get("identifier");
            assertThat(data("order", "clientOrderId", identifier, "symbol", "BTC_KRW").path("id").asText()).isEqualTo(id);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v1/order?identifier=" + identifier);
        }

        @Test
        void aBareUuidWorksAndAMalformedIdIsRefused() throws Exception {
            String id = placeLimitBuy("0.01", "8000000");
            assertThat(data("order", "id", uuidOf(id)).path("id").asText()).isEqualTo(id);
            assertThat(error("order", "id", "not an id!")).isEqualTo("Upbit: order id must look like KRW-BTC,cdd92199-2897-4e14-9448-f923320408ad");
            assertThat(error("order", "id", "KRW-BTC,00000000-0000-0000-0000-000000000000"))
                    .isEqualTo("Upbit: order_not_found: 주문을 찾지 못했습니다. (HTTP 404)");
        }

        @Test
        void aLostReplyToAPlacementIsFoundByItsIdentifierAndPlacedOnce() throws Exception {
            int before = upbit.orderCount();
            upbit.failNext("/v1/orders", new Fault.ReplyLost());
            String id = data("trade", "symbol", "BTC_KRW", "type", "sell", "amount", "0.01", "price", "9000000").path("id").asText();
            assertThat(id).startsWith("KRW-BTC,");
            assertThat(upbit.orderCount()).as("exactly one order").isEqualTo(before + 1);
            assertThat(data("order", "id", id).path("type").asText()).isEqualTo("sell");
        }
    }

    @Nested
    class ExchangeIo {

        @Test
        void getParamsGoToTheHashedQuery() throws Exception {
            JsonNode reply = bridge.call("/Upbit", RunningBridge.JSON.writeValueAsString(
                    envelope("__api_/v1/orders/open", KEY, SECRET, "market", "KRW-BTC", "limit", "5")), Map.of("Http-Method", "GET"));
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/v1/orders/open?market=KRW-BTC&limit=5");
            assertThat(lastClaims().getClaim("query_hash")).isNotNull();
            assertThat(reply.path("data").isArray()).as("Upbit's own JSON").isTrue();
        }

        @Test
        void postParamsGoToTheBodyAndItsFieldsAreHashed() throws Exception {
            JsonNode reply = bridge.call("/Upbit", RunningBridge.JSON.writeValueAsString(
                    envelope("__api_/v1/orders", KEY, SECRET, "market", "KRW-BTC", "side", "ask", "volume", "0.1",
                            "price", "9000000", "ord_type", "limit")), Map.of("Http-Method", "POST"));
            assertThat(lastRequest().method()).isEqualTo("POST");
            assertThat(reply.path("data").path("uuid").asText()).isNotEmpty();
        }
    }

    @Nested
    class Failures {

        static Stream<Arguments> brokenReplies() {
            return sharedBrokenReplies("Upbit", "GET /v1/trades/ticks",
                    Arguments.of(new Fault.Status(503, "{\"message\":\"maintenance\"}"),
                            "Upbit: HTTP 503 from exchange without Upbit's error name"),
                    Arguments.of(new Fault.Status(429, "{\"error\":{\"name\":\"too_many_requests\",\"message\":\"Too many API requests.\"}}"),
                            "Upbit: too_many_requests: Too many API requests. (HTTP 429: rate limit hit, back off before calling again)"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("brokenReplies")
        void aBrokenReplyIsAClearError(Fault fault, String error) throws Exception {
            upbit.failNext("/v1/trades/ticks", fault);
            assertThat(error("trades", "symbol", "BTC_KRW")).startsWith(error);
        }

        @Test
        void noReplyInTime() throws Exception {
            assertNoReplyInTime("/v1/accounts", "GET /v1/accounts", "accounts");
        }

        @Test
        void anUnsupportedMethodIsAClearError() throws Exception {
            assertThat(error("positions")).isEqualTo("Upbit: method 'positions' is not supported");
            assertThat(error("ticker", "symbol", "BTC_KRW.swap")).isEqualTo("Upbit: Upbit trades spot only; use a symbol like BTC_KRW, not BTC_KRW.swap");
        }
    }

    @Test
    void noSecretOrTokenReachesRepliesHeadersOrLogs() throws Exception {
        Exposure seen = exposureOf(() -> {
            String id = placeLimitBuy("0.01", "8000000");
            upbit.failNext("/v1/accounts", new Fault.Status(500, "oops"));
            upbit.failNext("/v1/orders", new Fault.Reset());
            return List.of(
                    envelope("accounts", KEY, SECRET),
                    envelope("accounts", KEY, SECRET),
                    envelope("accounts", KEY, "wrong-" + SECRET),
                    envelope("order", KEY, SECRET, "id", id),
                    envelope("trade", KEY, SECRET, "symbol", "BTC_KRW", "type", "buy", "amount", "1", "price", "8000000"),
                    envelope("cancel", KEY, SECRET, "id", id),
                    envelope("__api_/v1/accounts", KEY, SECRET));
        });
        List<String> tokens = upbit.requests().stream().map(r -> r.header("Authorization")).filter(t -> t != null)
                .map(t -> t.substring("Bearer ".length())).toList();
        assertThat(tokens).isNotEmpty();
        seen.showsNone(SECRET);
        seen.showsNone(tokens);
        seen.showsNone(tokens.stream().map(token -> token.substring(token.lastIndexOf('.') + 1)).toList());
    }
}
