package io.fmzbridge.exchange.okx;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.LogCapture;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.StubExchange.Fault;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * OKX's perpetual swaps and delivery futures end to end, against a local OKX that checks every
 * signature and the position-mode rules as OKX documents them: contract symbols on /OKX, the
 * futures address /OKXFutures with its per-key contract type, market data, the four sides in net
 * and long/short mode, positions, leverage, funding and the legacy io envelope.
 */
class OkxFuturesBridgeTest {

    static final String NET_KEY = "okx-net-key";
    static final String HEDGE_KEY = "okx-hedge-key";
    /** Keys of their own for the margin level kept without a symbol, which no test can unset. */
    static final String KEPT_LEVEL_KEY = "okx-kept-level-key";
    static final String REFUSED_LEVEL_KEY = "okx-refused-level-key";
    static final String SECRET = "4F2A9C1E7B3D5A6F8E0C2B4D6A8F1E3C";
    static final String PASSPHRASE = "Pass-phrase.1";
    static final String SECRET_KEY = SECRET + "," + PASSPHRASE;

    static OkxFuturesStub okx;
    static RunningBridge bridge;

    @BeforeAll
    static void start() throws Exception {
        okx = OkxFuturesStub.start();
        okx.addAccount(NET_KEY, SECRET, PASSPHRASE);
        okx.addAccount(HEDGE_KEY, SECRET, PASSPHRASE);
        okx.addAccount(KEPT_LEVEL_KEY, SECRET, PASSPHRASE);
        okx.addAccount(REFUSED_LEVEL_KEY, SECRET, PASSPHRASE);
        okx.useLongShortMode(HEDGE_KEY, true);
        bridge = RunningBridge.start(Map.of(
                "fmz.exchange.okx.base-url", okx.baseUrl(),
                "fmz.call.response-timeout-ms", "1500",
                "fmz.call.rate-limit-enabled", "false"));
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        okx.close();
    }

    @BeforeEach
    void forgetRequests() {
        okx.clear();
    }

    /** What a test set for the futures address (contract type, direction) ends with it. */
    @AfterEach
    void resetSettings() throws Exception {
        for (String key : List.of(NET_KEY, HEDGE_KEY)) {
            call("/OKXFutures", key, "setcontracttype", "contract_type", "swap");
            call("/OKXFutures", key, "setdirection", "direction", "buy");
        }
    }

    static JsonNode call(String path, String key, String method, Object... params) throws Exception {
        return bridge.call(path, envelope(method, key, SECRET_KEY, params));
    }

    static JsonNode data(String path, String key, String method, Object... params) throws Exception {
        JsonNode reply = call(path, key, method, params);
        assertThat(reply.has("error")).as("error: %s", reply.path("error").asText()).isFalse();
        return reply.path("data");
    }

    static String error(String path, String key, String method, Object... params) throws Exception {
        JsonNode reply = call(path, key, method, params);
        assertThat(reply.has("data")).as("data: %s", reply.path("data")).isFalse();
        return reply.path("error").asText();
    }

    static StubRequest last(String path) {
        List<StubRequest> requests = okx.requestsTo(path);
        assertThat(requests).as("requests to %s", path).isNotEmpty();
        return requests.get(requests.size() - 1);
    }

    static Map<String, Object> lastOrder() {
        List<Map<String, Object>> placed = okx.placedOrders();
        return placed.get(placed.size() - 1);
    }

    @Nested
    class Contracts {

        @Test
        void contractSymbolsOnTheSpotAddressAreOkxInstruments() throws Exception {
            data("/OKX", NET_KEY, "ticker", "symbol", "btc_usdt.swap");
            assertThat(last("/api/v5/market/ticker").rawQuery()).isEqualTo("instId=BTC-USDT-SWAP");
            data("/OKX", NET_KEY, "ticker", "symbol", "BTC_USD.swap");
            assertThat(last("/api/v5/market/ticker").rawQuery()).isEqualTo("instId=BTC-USD-SWAP");
            data("/OKX", NET_KEY, "ticker", "symbol", "BTC_USD.quarter");
            assertThat(last("/api/v5/market/ticker").rawQuery())
                    .as("the BTC-USD future OKX's list aliases quarter").isEqualTo("instId=" + okx.deliveryId("BTC-USD", "quarter"));
            data("/OKX", NET_KEY, "ticker", "symbol", "BTC_USD.this_week");
            assertThat(last("/api/v5/market/ticker").rawQuery()).isEqualTo("instId=" + okx.deliveryId("BTC-USD", "this_week"));
            data("/OKX", NET_KEY, "ticker", "symbol", "BTC_USDT.quarter");
            assertThat(last("/api/v5/market/ticker").rawQuery()).isEqualTo("instId=" + okx.deliveryId("BTC-USDT", "quarter"));
        }

        @Test
        void theInstrumentListsAreReadOnceAndKept() throws Exception {
            data("/OKX", NET_KEY, "ticker", "symbol", "BTC_USDT.swap");
            okx.clear();
            data("/OKX", NET_KEY, "ticker", "symbol", "BTC_USD.next_week");
            assertThat(okx.requestsTo("/api/v5/public/instruments")).isEmpty();
        }

        @Test
        void aBareSymbolOnTheFuturesAddressIsTheContractTypeSetForThatKey() throws Exception {
            data("/OKXFutures", NET_KEY, "ticker", "symbol", "BTC_USDT");
            assertThat(last("/api/v5/market/ticker").rawQuery()).as("swap until set").isEqualTo("instId=BTC-USDT-SWAP");

            assertThat(data("/OKXFutures", NET_KEY, "io", "code", 2, "args", List.of("quarter")).asBoolean()).isTrue();
            JsonNode ticker = data("/okxfutures", NET_KEY, "ticker", "symbol", "BTC_USD");
            assertThat(last("/api/v5/market/ticker").rawQuery()).isEqualTo("instId=" + okx.deliveryId("BTC-USD", "quarter"));
            assertThat(ticker.path("symbol").asText()).isEqualTo("BTC_USD.quarter");

            data("/OKXFutures", HEDGE_KEY, "ticker", "symbol", "BTC_USD");
            assertThat(last("/api/v5/market/ticker").rawQuery()).as("another key keeps its own").isEqualTo("instId=BTC-USD-SWAP");
            data("/OKX", NET_KEY, "ticker", "symbol", "BTC_USD.swap");
            assertThat(last("/api/v5/market/ticker").rawQuery()).as("an explicit contract stands").isEqualTo("instId=BTC-USD-SWAP");

            assertThat(data("/OKXFutures", NET_KEY, "setcontracttype", "contract_type", "swap").asBoolean()).isTrue();
        }

        @Test
        void unknownAndUnlistedContractsAreClearErrors() throws Exception {
            assertThat(error("/OKX", NET_KEY, "ticker", "symbol", "BTC_USDT.fortnight"))
                    .startsWith("OKX: unknown contract type 'fortnight' (FMZ's contract types: swap, this_week");
            assertThat(error("/OKX", NET_KEY, "ticker", "symbol", "DOGE_USD.quarter"))
                    .isEqualTo("OKX: OKX lists no contract DOGE_USD.quarter (no DOGE-USD future with alias quarter)");
            assertThat(error("/OKXFutures", NET_KEY, "io", "code", 2, "args", List.of("fortnight")))
                    .startsWith("OKXFutures: unknown contract type 'fortnight'");
            assertThat(okx.requestsTo("/api/v5/market/ticker")).isEmpty();
        }

        @Test
        void spotSymbolsOnTheSpotAddressStaySpot() throws Exception {
            call("/OKX", NET_KEY, "ticker", "symbol", "BTC_USDT");
            assertThat(last("/api/v5/market/ticker").rawQuery()).isEqualTo("instId=BTC-USDT");
            assertThat(okx.requestsTo("/api/v5/public/instruments")).isEmpty();
        }
    }

    @Nested
    class MarketData {

        @Test
        void tickerCarriesOpenInterestInContracts() throws Exception {
            JsonNode t = data("/OKX", NET_KEY, "ticker", "symbol", "BTC_USDT.swap");
            assertThat(t.path("symbol").asText()).isEqualTo("BTC_USDT.swap");
            assertThat(t.path("buy").decimalValue()).isEqualByComparingTo("43000.4");
            assertThat(t.path("sell").decimalValue()).isEqualByComparingTo("43000.6");
            assertThat(t.path("last").decimalValue()).isEqualByComparingTo("43000.5");
            assertThat(t.path("open_interest").decimalValue()).isEqualByComparingTo("5000.01");
            assertThat(last("/api/v5/public/open-interest").rawQuery()).isEqualTo("instType=SWAP&instId=BTC-USDT-SWAP");
        }

        @Test
        void depthTradesAndRecordsOfAContract() throws Exception {
            JsonNode depth = data("/OKXFutures", NET_KEY, "depth", "symbol", "BTC_USDT", "limit", 2);
            assertThat(last("/api/v5/market/books").rawQuery()).isEqualTo("instId=BTC-USDT-SWAP&sz=2");
            assertThat(depth.path("asks").path(0).path(0).decimalValue()).isEqualByComparingTo("43000.6");
            assertThat(depth.path("bids").path(0).path(1).decimalValue()).isEqualByComparingTo("85");

            JsonNode trades = data("/OKX", NET_KEY, "trades", "symbol", "BTC_USD.quarter");
            assertThat(last("/api/v5/market/trades").rawQuery()).isEqualTo("instId=" + okx.deliveryId("BTC-USD", "quarter"));
            assertThat(trades.path(1).path("id").asText()).as("oldest first").isEqualTo("130639474");

            JsonNode records = data("/OKX", NET_KEY, "records", "symbol", "BTC_USDT.swap", "period", "60");
            assertThat(last("/api/v5/market/candles").rawQuery()).isEqualTo("instId=BTC-USDT-SWAP&bar=1H");
            assertThat(records.path(1).path(0).asLong()).isEqualTo(1700000040L);
        }

        @Test
        void marketsOnTheFuturesAddressAreTheContractsWithTheirFacts() throws Exception {
            JsonNode markets = data("/OKXFutures", NET_KEY, "markets");
            JsonNode swap = markets.path("BTC_USDT.swap");
            assertThat(swap.path("symbol").asText()).isEqualTo("BTC_USDT.swap");
            assertThat(swap.path("ctVal").decimalValue()).isEqualByComparingTo("0.01");
            assertThat(swap.path("ctValCcy").asText()).isEqualTo("BTC");
            assertThat(swap.path("contractType").asText()).isEqualTo("swap");
            assertThat(swap.path("maxLeverage").decimalValue()).isEqualByComparingTo("100");
            assertThat(swap.path("amountSize").decimalValue()).as("lot in contracts").isEqualByComparingTo("0.01");
            assertThat(swap.path("tickSize").decimalValue()).isEqualByComparingTo("0.1");
            assertThat(swap.has("deliveryTime")).isFalse();
            JsonNode quarter = markets.path("BTC_USD.quarter");
            assertThat(quarter.path("ctVal").decimalValue()).isEqualByComparingTo("100");
            assertThat(quarter.path("ctValCcy").asText()).isEqualTo("USD");
            assertThat(quarter.path("deliveryTime").asLong()).isPositive();
            assertThat(markets.has("BTC_USDT")).as("no spot market here").isFalse();
        }

        @Test
        void fundingOfPerpetuals() throws Exception {
            JsonNode fundings = data("/OKX", NET_KEY, "fundings", "symbol", "BTC_USDT.swap");
            assertThat(last("/api/v5/public/funding-rate").rawQuery()).isEqualTo("instId=BTC-USDT-SWAP");
            assertThat(fundings).hasSize(1);
            assertThat(fundings.path(0).path("symbol").asText()).isEqualTo("BTC_USDT.swap");
            assertThat(fundings.path(0).path("rate").decimalValue()).isEqualByComparingTo("0.0000792386885340");
            assertThat(fundings.path(0).path("interval").asLong()).isEqualTo(8 * 3600_000L);
            assertThat(fundings.path(0).path("time").asLong()).isEqualTo(1703088000000L);

            JsonNode coinMargined = data("/OKXFutures", NET_KEY, "getfundings", "symbol", "USD.swap");
            assertThat(last("/api/v5/public/funding-rate").rawQuery()).isEqualTo("instId=ANY");
            assertThat(coinMargined).hasSize(1);
            assertThat(coinMargined.path(0).path("symbol").asText()).isEqualTo("BTC_USD.swap");

            assertThat(error("/OKX", NET_KEY, "fundings", "symbol", "BTC_USD.quarter"))
                    .startsWith("OKX: BTC_USD.quarter is a delivery contract: OKX charges funding on perpetual swaps only");
        }
    }

    @Nested
    class ExchangeIo {

        @Test
        void aDerivativesPathIsSignedAndPassedThrough() throws Exception {
            JsonNode positions = data("/OKXFutures", NET_KEY, "__api_/api/v5/account/positions", "instType", "SWAP");
            StubRequest sent = last("/api/v5/account/positions");
            assertThat(sent.rawQuery()).isEqualTo("instType=SWAP");
            assertThat(sent.header("OK-ACCESS-SIGN")).as("signed as OKX checks it").isNotBlank();
            assertThat(positions.path("code").asText()).as("OKX's own reply, passed through: %s", positions).isEqualTo("0");
            assertThat(positions.path("data").isArray()).isTrue();
        }
    }

    @Nested
    class NetMode {

        @Test
        void theFourSidesAsOneWayOrders() throws Exception {
            String open = data("/OKXFutures", NET_KEY, "trade", "symbol", "BTC_USDT", "type", "buy", "amount", "2", "price", "-1")
                    .path("id").asText();
            assertThat(open).startsWith("BTC-USDT-SWAP,");
            assertThat(lastOrder()).containsEntry("instId", "BTC-USDT-SWAP").containsEntry("side", "buy")
                    .containsEntry("tdMode", "cross").containsEntry("ordType", "market").containsEntry("sz", "2")
                    .doesNotContainKeys("posSide", "reduceOnly", "px", "tgtCcy");
            assertThat(okx.position(NET_KEY, "BTC-USDT-SWAP", "net")).isEqualByComparingTo("2");

            data("/OKXFutures", NET_KEY, "trade", "symbol", "BTC_USDT", "type", "closebuy", "amount", "1.5", "price", "-1");
            assertThat(lastOrder()).containsEntry("side", "sell").containsEntry("reduceOnly", true).doesNotContainKey("posSide");
            assertThat(okx.position(NET_KEY, "BTC-USDT-SWAP", "net")).isEqualByComparingTo("0.5");

            data("/OKXFutures", NET_KEY, "trade", "symbol", "BTC_USDT", "type", "closebuy", "amount", "0.5", "price", "-1");
            data("/OKXFutures", NET_KEY, "trade", "symbol", "BTC_USDT", "type", "sell", "amount", "1", "price", "-1");
            assertThat(lastOrder()).containsEntry("side", "sell").doesNotContainKeys("reduceOnly", "posSide");
            assertThat(okx.position(NET_KEY, "BTC-USDT-SWAP", "net")).isEqualByComparingTo("-1");
            data("/OKXFutures", NET_KEY, "trade", "symbol", "BTC_USDT", "type", "closesell", "amount", "1", "price", "-1");
            assertThat(lastOrder()).containsEntry("side", "buy").containsEntry("reduceOnly", true);
            assertThat(okx.position(NET_KEY, "BTC-USDT-SWAP", "net")).isEqualByComparingTo("0");
            assertThat(okx.requestsTo("/api/v5/account/config")).as("the position mode is read once").hasSizeLessThanOrEqualTo(1);
        }

        @Test
        void closeBuyWithoutALongIsOkxsRefusalNeverANewShort() throws Exception {
            assertThat(error("/OKX", NET_KEY, "trade", "symbol", "BTC_USD.swap", "type", "closebuy", "amount", "3", "price", "-1"))
                    .isEqualTo("OKX: code 1: All operations failed; sCode 51169: Order failed because you don't have any"
                            + " positions in this direction for this contract to reduce or close.");
            assertThat(okx.position(NET_KEY, "BTC-USD-SWAP", "net")).isEqualByComparingTo("0");
        }

        @Test
        void buyAfterSetDirectionCloseSellClosesTheShort() throws Exception {
            okx.hold(NET_KEY, "BTC-USD-SWAP", "net", "-5", "42000");
            assertThat(data("/OKXFutures", NET_KEY, "io", "code", 1, "args", List.of("closesell")).asBoolean()).isTrue();
            data("/OKXFutures", NET_KEY, "trade", "symbol", "BTC_USD", "type", "buy", "amount", "5", "price", "-1");
            assertThat(lastOrder()).containsEntry("side", "buy").containsEntry("reduceOnly", true);
            assertThat(okx.position(NET_KEY, "BTC-USD-SWAP", "net")).isEqualByComparingTo("0");
            data("/OKXFutures", NET_KEY, "setdirection", "direction", "buy");
        }

        @Test
        void limitOrdersListedWithTheirSideAndContractThenCancelled() throws Exception {
            String id = data("/OKX", NET_KEY, "trade", "symbol", "BTC_USD.quarter", "type", "sell", "amount", "3",
                    "price", "45000.5").path("id").asText();
            String instId = okx.deliveryId("BTC-USD", "quarter");
            assertThat(id).startsWith(instId + ",");
            assertThat(lastOrder()).containsEntry("ordType", "limit").containsEntry("px", "45000.5");

            JsonNode order = data("/OKX", NET_KEY, "order", "id", id);
            assertThat(order.path("symbol").asText()).isEqualTo("BTC_USD.quarter");
            assertThat(order.path("type").asText()).isEqualTo("sell");
            assertThat(order.path("contract_type").asText()).isEqualTo("quarter");
            assertThat(order.path("status").asText()).isEqualTo("pending");
            assertThat(order.path("amount").decimalValue()).isEqualByComparingTo("3");

            JsonNode open = data("/OKXFutures", NET_KEY, "orders", "symbol", "USD.futures");
            assertThat(open).hasSize(1);
            assertThat(open.path(0).path("id").asText()).isEqualTo(id);
            assertThat(last("/api/v5/trade/orders-pending").rawQuery()).isEqualTo("instType=FUTURES");

            assertThat(data("/OKX", NET_KEY, "cancel", "id", id).asBoolean()).isTrue();
            assertThat(data("/OKX", NET_KEY, "order", "id", id).path("status").asText()).isEqualTo("canceled");
            JsonNode history = data("/OKX", NET_KEY, "historyorders", "symbol", "BTC_USD.quarter");
            assertThat(last("/api/v5/trade/orders-history").rawQuery()).isEqualTo("instType=FUTURES&instId=" + instId);
            assertThat(history.path(0).path("id").asText()).isEqualTo(id);
        }

        @Test
        void aLostReplyIsFoundByClientOrderIdNeverPlacedTwice() throws Exception {
            okx.failNext("/api/v5/trade/order", new Fault.ReplyLost());
            int before = okx.placedOrders().size();
            String id = data("/OKX", NET_KEY, "trade", "symbol", "BTC_USDT.swap", "type", "buy", "amount", "0.01",
                    "price", "40000").path("id").asText();
            assertThat(okx.placedOrders()).hasSize(before + 1);
            assertThat(id).startsWith("BTC-USDT-SWAP,");
            assertThat(last("/api/v5/trade/order").method()).isEqualTo("GET");
            assertThat(last("/api/v5/trade/order").rawQuery()).startsWith("instId=BTC-USDT-SWAP&clOrdId=fmz");
        }

        @Test
        void ordersOffTheContractsRulesNeverReachOkx() throws Exception {
            assertThat(error("/OKX", NET_KEY, "trade", "symbol", "BTC_USDT.swap", "type", "buy", "amount", "0.015", "price", "-1"))
                    .isEqualTo("OKX: amount 0.015 is not a multiple of BTC_USDT.swap's step 0.01 (0.01 or 0.02 would be);"
                            + " the bridge does not round");
            assertThat(error("/OKX", NET_KEY, "trade", "symbol", "BTC_USDT.swap", "type", "buy", "amount", "1", "price", "40000.05"))
                    .startsWith("OKX: price 40000.05 is not a multiple of BTC_USDT.swap's step 0.1");
            assertThat(error("/OKX", NET_KEY, "trade", "symbol", "BTC_USDT.swap", "type", "hold", "amount", "1", "price", "-1"))
                    .isEqualTo("OKX: type must be 'buy', 'sell', 'closebuy' or 'closesell', got 'hold'");
            assertThat(okx.requestsTo("/api/v5/trade/order")).isEmpty();
        }
    }

    @Nested
    class LongShortMode {

        @Test
        void theFourSidesNamePosSide() throws Exception {
            data("/OKX", HEDGE_KEY, "trade", "symbol", "BTC_USDT.swap", "type", "buy", "amount", "1", "price", "-1");
            assertThat(lastOrder()).containsEntry("side", "buy").containsEntry("posSide", "long").doesNotContainKey("reduceOnly");
            data("/OKX", HEDGE_KEY, "trade", "symbol", "BTC_USDT.swap", "type", "sell", "amount", "2", "price", "-1");
            assertThat(lastOrder()).containsEntry("side", "sell").containsEntry("posSide", "short");
            assertThat(okx.position(HEDGE_KEY, "BTC-USDT-SWAP", "long")).isEqualByComparingTo("1");
            assertThat(okx.position(HEDGE_KEY, "BTC-USDT-SWAP", "short")).isEqualByComparingTo("2");

            data("/OKX", HEDGE_KEY, "trade", "symbol", "BTC_USDT.swap", "type", "closesell", "amount", "2", "price", "-1");
            assertThat(lastOrder()).as("a hedge-mode close names the short it closes")
                    .containsEntry("side", "buy").containsEntry("posSide", "short").doesNotContainKey("reduceOnly");
            data("/OKX", HEDGE_KEY, "trade", "symbol", "BTC_USDT.swap", "type", "closebuy", "amount", "1", "price", "-1");
            assertThat(lastOrder()).containsEntry("side", "sell").containsEntry("posSide", "long");
            assertThat(okx.position(HEDGE_KEY, "BTC-USDT-SWAP", "long")).isEqualByComparingTo("0");
            assertThat(okx.position(HEDGE_KEY, "BTC-USDT-SWAP", "short")).isEqualByComparingTo("0");
        }

        @Test
        void closeBuyWithoutALongIsRefused() throws Exception {
            assertThat(error("/OKX", HEDGE_KEY, "trade", "symbol", "BTC_USD.swap", "type", "closebuy", "amount", "1", "price", "-1"))
                    .contains("sCode 51169");
            assertThat(okx.position(HEDGE_KEY, "BTC-USD-SWAP", "short")).isEqualByComparingTo("0");
        }

        @Test
        void listedOrdersReadTheirSideFromPosSide() throws Exception {
            okx.hold(HEDGE_KEY, "BTC-USDT-SWAP", "long", "3", "41000");
            String id = data("/OKX", HEDGE_KEY, "trade", "symbol", "BTC_USDT.swap", "type", "closebuy", "amount", "1",
                    "price", "46000").path("id").asText();
            JsonNode order = data("/OKX", HEDGE_KEY, "order", "id", id);
            assertThat(order.path("type").asText()).isEqualTo("closebuy");
            assertThat(order.path("contract_type").asText()).isEqualTo("swap");
            data("/OKX", HEDGE_KEY, "cancel", "id", id);
            okx.hold(HEDGE_KEY, "BTC-USDT-SWAP", "long", "0", "0");
        }
    }

    @Nested
    class PositionsAndLeverage {

        @Test
        void positionsInContractsWithEntryPriceAndProfit() throws Exception {
            okx.hold(HEDGE_KEY, "BTC-USD-SWAP", "short", "4", "44000.5");
            okx.hold(HEDGE_KEY, "BTC-USDT-SWAP", "long", "0.5", "42000.5");
            JsonNode reply = call("/OKXFutures", HEDGE_KEY, "positions", "symbol", "BTC_USD");
            JsonNode positions = reply.path("data");
            assertThat(last("/api/v5/account/positions").rawQuery()).isEqualTo("instType=SWAP&instId=BTC-USD-SWAP");
            assertThat(positions).hasSize(1);
            JsonNode p = positions.path(0);
            assertThat(p.path("symbol").asText()).isEqualTo("BTC_USD.swap");
            assertThat(p.path("type").asInt()).as("PD_SHORT").isEqualTo(1);
            assertThat(p.path("amount").decimalValue()).isEqualByComparingTo("4");
            assertThat(p.path("price").decimalValue()).isEqualByComparingTo("44000.5");
            assertThat(p.path("profit").decimalValue()).as("upl, in the margin currency")
                    .isEqualByComparingTo(reply.path("raw").path("data").path(0).path("upl").asText());
            assertThat(p.path("contract_type").asText()).isEqualTo("swap");
            assertThat(p.path("margin_level").decimalValue()).isEqualByComparingTo("10");
            assertThat(p.path("margin").decimalValue()).isEqualByComparingTo("21.5");
            assertThat(p.path("frozen_amount").decimalValue()).isEqualByComparingTo("0");

            assertThat(data("/OKXFutures", HEDGE_KEY, "getposition", "symbol", "USDT.swap")).hasSize(1);
            JsonNode all = data("/OKXFutures", HEDGE_KEY, "io", "code", 3);
            assertThat(all).hasSize(2);
            okx.hold(HEDGE_KEY, "BTC-USD-SWAP", "short", "0", "0");
            okx.hold(HEDGE_KEY, "BTC-USDT-SWAP", "long", "0", "0");
        }

        @Test
        void netPositionsTakeTheirSideFromTheSign() throws Exception {
            okx.hold(NET_KEY, "BTC-USDT-SWAP", "net", "-0.3", "43100");
            JsonNode p = data("/OKX", NET_KEY, "position", "symbol", "BTC_USDT.swap").path(0);
            assertThat(p.path("type").asInt()).isEqualTo(1);
            assertThat(p.path("amount").decimalValue()).isEqualByComparingTo("0.3");
            okx.hold(NET_KEY, "BTC-USDT-SWAP", "net", "0", "0");
        }

        @Test
        void marginLevelSetsTheContractsLeverage() throws Exception {
            assertThat(data("/OKXFutures", NET_KEY, "marginlevel", "symbol", "BTC_USDT", "marginLevel", 20).asBoolean()).isTrue();
            assertThat(okx.leverageRequests().get(okx.leverageRequests().size() - 1))
                    .containsEntry("instId", "BTC-USDT-SWAP").containsEntry("lever", "20").containsEntry("mgnMode", "cross")
                    .doesNotContainKey("posSide");
            assertThat(data("/OKX", NET_KEY, "setmarginlevel", "symbol", "BTC_USD.quarter", "margin_level", "5").asBoolean()).isTrue();
            assertThat(data("/OKXFutures", HEDGE_KEY, "io", "code", 0, "args", List.of(3, "BTC_USDT")).asBoolean()).isTrue();
            assertThat(okx.leverageRequests().get(okx.leverageRequests().size() - 1)).containsEntry("lever", "3");

            int sent = okx.leverageRequests().size();
            assertThat(error("/OKX", NET_KEY, "marginlevel", "symbol", "BTC_USDT.swap", "marginLevel", 125))
                    .isEqualTo("OKX: margin level 125 is above BTC_USDT.swap's maximum leverage 100");
            assertThat(okx.leverageRequests()).hasSize(sent);
        }

        @Test
        void aMarginLevelWithoutSymbolIsSetOnEachContractJustBeforeItsFirstOrder() throws Exception {
            JsonNode kept = call("/OKXFutures", KEPT_LEVEL_KEY, "io", "code", 0, "args", List.of(10));
            assertThat(kept.path("data").asBoolean()).as("reply: %s", kept).isTrue();
            assertThat(kept.path("raw").asText()).contains("kept for the next order's contract");
            assertThat(okx.requests()).as("kept by the bridge, no call to OKX").isEmpty();

            data("/OKXFutures", KEPT_LEVEL_KEY, "trade", "symbol", "BTC_USDT", "type", "buy", "amount", "2", "price", "-1");
            assertThat(okx.requests().stream().map(StubRequest::path)
                    .filter(p -> p.equals("/api/v5/account/set-leverage") || p.equals("/api/v5/trade/order")))
                    .containsExactly("/api/v5/account/set-leverage", "/api/v5/trade/order");
            assertThat(okx.leverageRequests().get(okx.leverageRequests().size() - 1))
                    .containsEntry("instId", "BTC-USDT-SWAP").containsEntry("lever", "10").containsEntry("mgnMode", "cross")
                    .doesNotContainKey("posSide");

            data("/OKXFutures", KEPT_LEVEL_KEY, "trade", "symbol", "btc_usdt", "type", "closebuy", "amount", "2", "price", "-1");
            assertThat(okx.requestsTo("/api/v5/account/set-leverage")).as("once per contract").hasSize(1);
            assertThat(okx.requestsTo("/api/v5/trade/order")).hasSize(2);

            data("/OKXFutures", KEPT_LEVEL_KEY, "trade", "symbol", "BTC_USD.quarter", "type", "buy", "amount", "1",
                    "price", "40000");
            assertThat(okx.requestsTo("/api/v5/account/set-leverage")).as("another contract").hasSize(2);
            assertThat(okx.leverageRequests().get(okx.leverageRequests().size() - 1))
                    .containsEntry("instId", okx.deliveryId("BTC-USD", "quarter")).containsEntry("lever", "10");

            data("/OKX", KEPT_LEVEL_KEY, "trade", "symbol", "BTC_USD.swap", "type", "buy", "amount", "1", "price", "-1");
            assertThat(okx.requestsTo("/api/v5/account/set-leverage")).as("kept per service address: none on /OKX").hasSize(2);
        }

        @Test
        void aRefusedKeptMarginLevelRefusesTheTradeAndPlacesNothing() throws Exception {
            assertThat(data("/OKXFutures", REFUSED_LEVEL_KEY, "setmarginlevel", "marginLevel", 20).asBoolean()).isTrue();
            // OKX's answer to a leverage it does not take (its stub answers the same to a lever past the maximum)
            okx.failNext("/api/v5/account/set-leverage",
                    new Fault.Status(200, "{\"code\":\"51000\",\"data\":[],\"msg\":\"Parameter lever error\"}"));
            assertThat(error("/OKXFutures", REFUSED_LEVEL_KEY, "trade", "symbol", "BTC_USDT", "type", "buy", "amount", "1",
                    "price", "-1")).startsWith("OKXFutures: ").contains("51000", "Parameter lever error");
            assertThat(okx.requestsTo("/api/v5/trade/order")).as("nothing placed").isEmpty();

            data("/OKXFutures", REFUSED_LEVEL_KEY, "trade", "symbol", "BTC_USDT", "type", "buy", "amount", "1", "price", "-1");
            assertThat(okx.requestsTo("/api/v5/account/set-leverage")).as("still owed after the refusal").hasSize(2);
            assertThat(okx.leverageRequests().get(okx.leverageRequests().size() - 1)).containsEntry("lever", "20");
            assertThat(okx.requestsTo("/api/v5/trade/order")).hasSize(1);
        }
    }

    @Nested
    class Envelope {

        @Test
        void theLegacyIoEnvelopeAlsoTakesCodeAndArgsAtTheTopLevel() throws Exception {
            ObjectNode envelope = envelope("io", NET_KEY, SECRET_KEY);
            envelope.remove("params");
            envelope.put("code", 2);
            envelope.putArray("args").add("next_week");
            assertThat(bridge.call("/OKXFutures", envelope).path("data").asBoolean()).isTrue();
            data("/OKXFutures", NET_KEY, "ticker", "symbol", "BTC_USD");
            assertThat(last("/api/v5/market/ticker").rawQuery()).isEqualTo("instId=" + okx.deliveryId("BTC-USD", "next_week"));
            data("/OKXFutures", NET_KEY, "io", "code", 2, "args", List.of("swap"));
        }

        @Test
        void accountsOnTheFuturesAddressAreTheTradingAccount() throws Exception {
            JsonNode accounts = data("/OKXFutures", NET_KEY, "accounts");
            assertThat(last("/api/v5/account/balance").rawQuery()).isEmpty();
            assertThat(accounts.path(0).path("currency").asText()).isEqualTo("USDT");
            assertThat(accounts.path(0).path("free").decimalValue()).isEqualByComparingTo("4834.31");
            assertThat(data("/OKXFutures", NET_KEY, "assets")).hasSize(2);
        }

        @Test
        void anUnknownMethodIsLoggedOnceWithItsParamsNeverTheKeys() throws Exception {
            try (LogCapture log = new LogCapture()) {
                assertThat(error("/OKXFutures", NET_KEY, "GetSomethingNew", "symbol", "BTC_USDT", "passphrase", "hidden"))
                        .isEqualTo("OKXFutures: not supported: GetSomethingNew");
                error("/OKXFutures", NET_KEY, "GetSomethingNew", "symbol", "ETH_USDT");
                List<String> warnings = log.text().lines().filter(l -> l.startsWith("WARN io.fmzbridge.gateway.UnknownMethods")).toList();
                assertThat(warnings).hasSize(1);
                assertThat(warnings.get(0)).contains("'GetSomethingNew' is not one the bridge knows", "\"symbol\":\"BTC_USDT\"")
                        .doesNotContain("hidden").doesNotContain(SECRET).doesNotContain(NET_KEY);
            }
        }

        @Test
        void unknownIoCodesAreNamed() throws Exception {
            assertThat(error("/OKXFutures", NET_KEY, "io", "code", 9, "args", List.of(1)))
                    .isEqualTo("OKXFutures: io code 9 is not one the bridge knows (0 SetMarginLevel, 1 SetDirection,"
                            + " 2 SetContractType, 3 GetPosition)");
        }
    }
}
