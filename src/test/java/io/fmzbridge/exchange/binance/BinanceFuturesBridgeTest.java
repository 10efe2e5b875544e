package io.fmzbridge.exchange.binance;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.StubExchange.Fault;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Binance's USDⓈ-M (/fapi) and COIN-M (/dapi) futures end to end, against one local server that
 * serves both APIs and checks signatures and the position-mode rules as Binance documents them:
 * contract symbols on /Binance, /BinanceFutures with its per-key contract type, market data, the
 * four sides in one-way and hedge mode, positions, leverage, funding and both wallets.
 */
class BinanceFuturesBridgeTest {

    static final String ONE_WAY = "binance-one-way-key";
    static final String HEDGE = "binance-hedge-key";
    /** Keys of their own for the margin level kept without a symbol, which no test can unset. */
    static final String KEPT_LEVEL = "binance-kept-level-key";
    static final String REFUSED_LEVEL = "binance-refused-level-key";
    static final String SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

    static BinanceFuturesStub binance;
    static RunningBridge bridge;

    @BeforeAll
    static void start() throws Exception {
        binance = BinanceFuturesStub.start();
        binance.addAccount(ONE_WAY, SECRET);
        binance.addAccount(HEDGE, SECRET);
        binance.addAccount(KEPT_LEVEL, SECRET);
        binance.addAccount(REFUSED_LEVEL, SECRET);
        binance.useHedgeMode(HEDGE, "fapi", true);
        binance.useHedgeMode(HEDGE, "dapi", true);
        bridge = RunningBridge.start(Map.of(
                // spot stays unreachable: every call below must go to the futures hosts
                "fmz.exchange.binance.fapi-base-url", binance.baseUrl(),
                "fmz.exchange.binance.dapi-base-url", binance.baseUrl(),
                "fmz.call.response-timeout-ms", "1500",
                "fmz.call.rate-limit-enabled", "false"));
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        binance.close();
    }

    @BeforeEach
    void forgetRequests() {
        binance.clear();
    }

    @AfterEach
    void resetSettings() throws Exception {
        for (String key : List.of(ONE_WAY, HEDGE)) {
            call("/BinanceFutures", key, "setcontracttype", "contract_type", "swap");
            call("/BinanceFutures", key, "setdirection", "direction", "buy");
        }
    }

    static JsonNode call(String path, String key, String method, Object... params) throws Exception {
        return bridge.call(path, envelope(method, key, SECRET, params));
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
        List<StubRequest> requests = binance.requestsTo(path);
        assertThat(requests).as("requests to %s", path).isNotEmpty();
        return requests.get(requests.size() - 1);
    }

    static Map<String, String> lastOrder() {
        List<Map<String, String>> placed = binance.placedOrders();
        return placed.get(placed.size() - 1);
    }

    static String query(StubRequest request) {
        return request.rawQuery();
    }

    @Nested
    class Contracts {

        @Test
        void contractSymbolsAreUsdmAndCoinmSymbols() throws Exception {
            data("/Binance", ONE_WAY, "ticker", "symbol", "btc_usdt.swap");
            assertThat(query(last("/fapi/v1/ticker/24hr"))).isEqualTo("symbol=BTCUSDT");
            data("/Binance", ONE_WAY, "ticker", "symbol", "BTC_USD.swap");
            assertThat(query(last("/dapi/v1/ticker/24hr"))).isEqualTo("symbol=BTCUSD_PERP");
            data("/Binance", ONE_WAY, "ticker", "symbol", "BTC_USD.quarter");
            assertThat(query(last("/dapi/v1/ticker/24hr"))).isEqualTo("symbol=" + binance.symbolOf("BTCUSD", "CURRENT_QUARTER", "dapi"));
            data("/Binance", ONE_WAY, "ticker", "symbol", "BTC_USDT.quarter");
            assertThat(query(last("/fapi/v1/ticker/24hr"))).isEqualTo("symbol=" + binance.symbolOf("BTCUSDT", "CURRENT_QUARTER", "fapi"));
        }

        @Test
        void contractsBinanceDoesNotListAreClearErrors() throws Exception {
            assertThat(error("/Binance", ONE_WAY, "ticker", "symbol", "BTC_USDT.this_week"))
                    .isEqualTo("Binance: Binance lists no contract BTC_USDT.this_week (its contract types for BTC_USDT: quarter, swap)");
            assertThat(error("/Binance", ONE_WAY, "ticker", "symbol", "DOGE_USD.swap"))
                    .isEqualTo("Binance: Binance lists no contract DOGE_USD.swap (none of DOGE_USD)");
        }

        @Test
        void aBareSymbolOnBinanceFuturesAfterSetContractTypeQuarterTradesTheQuarterly() throws Exception {
            data("/BinanceFutures", ONE_WAY, "trade", "symbol", "BTC_USDT", "type", "buy", "amount", "0.003", "price", "-1");
            assertThat(lastOrder()).as("swap until set").containsEntry("symbol", "BTCUSDT");
            assertThat(data("/BinanceFutures", ONE_WAY, "io", "code", 2, "args", List.of("quarter")).asBoolean()).isTrue();
            String id = data("/binancefutures", ONE_WAY, "trade", "symbol", "BTC_USDT", "type", "buy", "amount", "0.003",
                    "price", "-1").path("id").asText();
            String quarterly = binance.symbolOf("BTCUSDT", "CURRENT_QUARTER", "fapi");
            assertThat(lastOrder()).containsEntry("symbol", quarterly);
            assertThat(id).startsWith(quarterly + ",");
            data("/BinanceFutures", ONE_WAY, "trade", "symbol", "BTC_USDT.quarter", "type", "closebuy", "amount", "0.003", "price", "-1");
            data("/BinanceFutures", ONE_WAY, "trade", "symbol", "BTC_USDT.swap", "type", "closebuy", "amount", "0.003", "price", "-1");
        }
    }

    @Nested
    class PassThrough {

        /** exchange.IO("api", ...) with a futures path on the spot address: to the futures host, signed where Binance signs. */
        @Test
        void aFapiOrDapiPathOnBinanceGoesToItsFuturesHost() throws Exception {
            JsonNode ticker = data("/Binance", ONE_WAY, "__api_/fapi/v1/ticker/24hr", "symbol", "BTCUSDT");
            assertThat(ticker.path("symbol").asText()).isEqualTo("BTCUSDT");
            assertThat(query(last("/fapi/v1/ticker/24hr"))).isEqualTo("symbol=BTCUSDT");
            data("/Binance", ONE_WAY, "__api_/dapi/v1/positionRisk");
            assertThat(last("/dapi/v1/positionRisk").header("X-MBX-APIKEY")).isEqualTo(ONE_WAY);
            assertThat(query(last("/dapi/v1/positionRisk"))).contains("&signature=");
        }
    }

    @Nested
    class MarketData {

        @Test
        void tickerFromThe24hAndBookTickersWithOpenInterest() throws Exception {
            JsonNode t = data("/Binance", ONE_WAY, "ticker", "symbol", "BTC_USD.swap");
            assertThat(t.path("symbol").asText()).isEqualTo("BTC_USD.swap");
            assertThat(t.path("buy").decimalValue()).isEqualByComparingTo("43000.4");
            assertThat(t.path("sell").decimalValue()).isEqualByComparingTo("43000.6");
            assertThat(t.path("last").decimalValue()).isEqualByComparingTo("43000.5");
            assertThat(t.path("open_interest").decimalValue()).as("COIN-M: contracts").isEqualByComparingTo("15004");
            assertThat(query(last("/dapi/v1/openInterest"))).isEqualTo("symbol=BTCUSD_PERP");
            assertThat(data("/Binance", ONE_WAY, "ticker", "symbol", "BTC_USDT.swap").path("open_interest").decimalValue())
                    .isEqualByComparingTo("10659.509");
        }

        @Test
        void depthTradesAndRecordsOfAContract() throws Exception {
            JsonNode depth = data("/BinanceFutures", ONE_WAY, "depth", "symbol", "BTC_USDT", "limit", 3);
            assertThat(query(last("/fapi/v1/depth"))).as("the least limit Binance takes").isEqualTo("symbol=BTCUSDT&limit=5");
            assertThat(depth.path("time").asLong()).isEqualTo(1589436922959L);
            assertThat(depth.path("asks").path(0).path(0).decimalValue()).isEqualByComparingTo("43000.60");
            JsonNode trades = data("/Binance", ONE_WAY, "trades", "symbol", "BTC_USD.swap");
            assertThat(query(last("/dapi/v1/trades"))).isEqualTo("symbol=BTCUSD_PERP");
            assertThat(trades.path(0).path("type").asText()).isEqualTo("sell");
            JsonNode records = data("/Binance", ONE_WAY, "records", "symbol", "BTC_USDT.swap", "period", 60);
            assertThat(query(last("/fapi/v1/klines"))).isEqualTo("symbol=BTCUSDT&interval=1h");
            assertThat(records.path(0).path(0).asLong()).isEqualTo(1499040000L);
        }

        @Test
        void marketsAreTheContractsOfBothApis() throws Exception {
            JsonNode markets = data("/BinanceFutures", ONE_WAY, "markets");
            JsonNode usdm = markets.path("BTC_USDT.swap");
            assertThat(usdm.path("ctVal").decimalValue()).as("USDⓈ-M sizes are the base asset").isEqualByComparingTo("1");
            assertThat(usdm.path("ctValCcy").asText()).isEqualTo("BTC");
            assertThat(usdm.path("amountSize").decimalValue()).isEqualByComparingTo("0.001");
            assertThat(usdm.path("minNotional").decimalValue()).isEqualByComparingTo("100");
            assertThat(usdm.path("contractType").asText()).isEqualTo("swap");
            JsonNode coinm = markets.path("BTC_USD.quarter");
            assertThat(coinm.path("ctVal").decimalValue()).isEqualByComparingTo("100");
            assertThat(coinm.path("ctValCcy").asText()).isEqualTo("USD");
            assertThat(coinm.path("deliveryTime").asLong()).isPositive();
            assertThat(markets.has("BTC_USD.next_quarter")).isTrue();
        }

        @Test
        void fundingOfPerpetualsWithTheirIntervals() throws Exception {
            JsonNode btc = data("/Binance", ONE_WAY, "fundings", "symbol", "BTC_USDT.swap").path(0);
            assertThat(btc.path("symbol").asText()).isEqualTo("BTC_USDT.swap");
            assertThat(btc.path("rate").decimalValue()).isEqualByComparingTo("0.00038246");
            assertThat(btc.path("interval").asLong()).isEqualTo(8 * 3600_000L);
            assertThat(btc.path("time").asLong()).isEqualTo(1597392000000L);
            JsonNode all = data("/BinanceFutures", ONE_WAY, "getfundings");
            assertThat(StreamSupport.stream(all.spliterator(), false).map(f -> f.path("symbol").asText()))
                    .containsExactlyInAnyOrder("BTC_USDT.swap", "ETH_USDT.swap", "BTC_USD.swap");
            JsonNode eth = StreamSupport.stream(all.spliterator(), false)
                    .filter(f -> f.path("symbol").asText().equals("ETH_USDT.swap")).findFirst().orElseThrow();
            assertThat(eth.path("interval").asLong()).as("fundingInfo's adjusted interval").isEqualTo(4 * 3600_000L);
        }
    }

    @Nested
    class OneWayMode {

        @Test
        void theFourSidesAsOneWayOrders() throws Exception {
            data("/Binance", ONE_WAY, "trade", "symbol", "ETH_USDT.swap", "type", "buy", "amount", "0.01", "price", "-1");
            assertThat(lastOrder()).containsEntry("symbol", "ETHUSDT").containsEntry("side", "BUY").containsEntry("type", "MARKET")
                    .containsEntry("quantity", "0.01").doesNotContainKeys("positionSide", "reduceOnly", "price", "timeInForce");
            data("/Binance", ONE_WAY, "trade", "symbol", "ETH_USDT.swap", "type", "closebuy", "amount", "0.01", "price", "-1");
            assertThat(lastOrder()).containsEntry("side", "SELL").containsEntry("reduceOnly", "true");
            data("/Binance", ONE_WAY, "trade", "symbol", "ETH_USDT.swap", "type", "sell", "amount", "0.01", "price", "-1");
            assertThat(lastOrder()).containsEntry("side", "SELL").doesNotContainKey("reduceOnly");
            data("/Binance", ONE_WAY, "trade", "symbol", "ETH_USDT.swap", "type", "closesell", "amount", "0.01", "price", "-1");
            assertThat(lastOrder()).containsEntry("side", "BUY").containsEntry("reduceOnly", "true");
            assertThat(binance.position(ONE_WAY, "ETHUSDT", "BOTH")).isEqualByComparingTo("0");
        }

        @Test
        void closeBuyWithoutALongIsBinancesRefusalNeverANewShort() throws Exception {
            assertThat(error("/Binance", ONE_WAY, "trade", "symbol", "BTC_USD.swap", "type", "closebuy", "amount", "2", "price", "-1"))
                    .isEqualTo("Binance: code -2022: ReduceOnly Order is rejected.");
            assertThat(binance.position(ONE_WAY, "BTCUSD_PERP", "BOTH")).isEqualByComparingTo("0");
        }

        @Test
        void coinmQuantitiesAreContracts() throws Exception {
            String id = data("/Binance", ONE_WAY, "trade", "symbol", "BTC_USD.swap", "type", "sell", "amount", "3",
                    "price", "45000.1").path("id").asText();
            assertThat(id).startsWith("BTCUSD_PERP,");
            assertThat(last("/dapi/v1/order").method()).isEqualTo("POST");
            assertThat(lastOrder()).containsEntry("quantity", "3").containsEntry("type", "LIMIT").containsEntry("timeInForce", "GTC")
                    .containsEntry("price", "45000.1");
            JsonNode order = data("/Binance", ONE_WAY, "order", "id", id, "symbol", "BTC_USD.swap");
            assertThat(order.path("type").asText()).isEqualTo("sell");
            assertThat(order.path("contract_type").asText()).isEqualTo("swap");
            assertThat(order.path("symbol").asText()).isEqualTo("BTC_USD.swap");
            assertThat(data("/BinanceFutures", ONE_WAY, "orders", "symbol", "USD.swap")).hasSize(1);
            assertThat(query(last("/dapi/v1/openOrders"))).startsWith("recvWindow=");
            assertThat(data("/Binance", ONE_WAY, "cancel", "id", id).asBoolean()).as("a COIN-M id on the spot address").isTrue();
            assertThat(data("/BinanceFutures", ONE_WAY, "order", "id", id).path("status").asText()).isEqualTo("canceled");
            JsonNode history = data("/BinanceFutures", ONE_WAY, "historyorders", "symbol", "BTC_USD");
            assertThat(query(last("/dapi/v1/allOrders"))).startsWith("symbol=BTCUSD_PERP");
            assertThat(history.path(0).path("id").asText()).isEqualTo(id);
        }

        @Test
        void ordersBelowTheMinimumValueNeverReachBinanceButClosesAreExempt() throws Exception {
            assertThat(error("/Binance", ONE_WAY, "trade", "symbol", "BTC_USDT.swap", "type", "buy", "amount", "0.001", "price", "43000"))
                    .isEqualTo("Binance: order value (price × amount) 43 is below BTC_USDT.swap's minimum 100");
            assertThat(error("/Binance", ONE_WAY, "trade", "symbol", "BTC_USDT.swap", "type", "buy", "amount", "0.0015", "price", "-1"))
                    .startsWith("Binance: amount 0.0015 is not a multiple of BTC_USDT.swap's step 0.001");
            assertThat(binance.requestsTo("/fapi/v1/order")).isEmpty();
            binance.hold(ONE_WAY, "BTCUSDT", "BOTH", "0.001");
            data("/Binance", ONE_WAY, "trade", "symbol", "BTC_USDT.swap", "type", "closebuy", "amount", "0.001", "price", "43000");
            assertThat(lastOrder()).containsEntry("reduceOnly", "true");
            binance.hold(ONE_WAY, "BTCUSDT", "BOTH", "0");
        }

        @Test
        void aLostReplyIsFoundByClientOrderIdNeverPlacedTwice() throws Exception {
            binance.failNext("/fapi/v1/order", new Fault.ReplyLost());
            int before = binance.placedOrders().size();
            String id = data("/Binance", ONE_WAY, "trade", "symbol", "BTC_USDT.swap", "type", "buy", "amount", "0.01",
                    "price", "40000").path("id").asText();
            assertThat(binance.placedOrders()).hasSize(before + 1);
            assertThat(id).startsWith("BTCUSDT,");
            assertThat(last("/fapi/v1/order").method()).isEqualTo("GET");
            assertThat(query(last("/fapi/v1/order"))).startsWith("symbol=BTCUSDT&origClientOrderId=fmz");
            data("/Binance", ONE_WAY, "cancel", "id", id, "symbol", "BTC_USDT.swap");
        }
    }

    @Nested
    class HedgeMode {

        @Test
        void theFourSidesNamePositionSide() throws Exception {
            data("/Binance", HEDGE, "trade", "symbol", "ETH_USDT.swap", "type", "buy", "amount", "0.01", "price", "-1");
            assertThat(lastOrder()).containsEntry("side", "BUY").containsEntry("positionSide", "LONG").doesNotContainKey("reduceOnly");
            data("/Binance", HEDGE, "trade", "symbol", "ETH_USDT.swap", "type", "sell", "amount", "0.02", "price", "-1");
            assertThat(lastOrder()).containsEntry("side", "SELL").containsEntry("positionSide", "SHORT");
            data("/Binance", HEDGE, "trade", "symbol", "ETH_USDT.swap", "type", "closesell", "amount", "0.02", "price", "-1");
            assertThat(lastOrder()).as("a hedge-mode close names the short it closes")
                    .containsEntry("side", "BUY").containsEntry("positionSide", "SHORT").doesNotContainKey("reduceOnly");
            data("/Binance", HEDGE, "trade", "symbol", "ETH_USDT.swap", "type", "closebuy", "amount", "0.01", "price", "-1");
            assertThat(lastOrder()).containsEntry("side", "SELL").containsEntry("positionSide", "LONG");
            assertThat(binance.position(HEDGE, "ETHUSDT", "LONG")).isEqualByComparingTo("0");
            assertThat(binance.position(HEDGE, "ETHUSDT", "SHORT")).isEqualByComparingTo("0");
        }

        @Test
        void closeBuyWithoutALongIsRefused() throws Exception {
            assertThat(error("/Binance", HEDGE, "trade", "symbol", "BTC_USD.swap", "type", "closebuy", "amount", "1", "price", "-1"))
                    .isEqualTo("Binance: code -2022: ReduceOnly Order is rejected.");
            assertThat(binance.position(HEDGE, "BTCUSD_PERP", "SHORT")).isEqualByComparingTo("0");
        }

        @Test
        void sellAfterSetDirectionCloseBuyClosesTheLong() throws Exception {
            binance.hold(HEDGE, "BTCUSD_PERP", "LONG", "4");
            data("/BinanceFutures", HEDGE, "io", "code", 1, "args", List.of("closebuy"));
            data("/BinanceFutures", HEDGE, "io", "code", 2, "args", List.of("swap"));
            data("/BinanceFutures", HEDGE, "trade", "symbol", "BTC_USD", "type", "sell", "amount", "4", "price", "-1");
            assertThat(lastOrder()).containsEntry("side", "SELL").containsEntry("positionSide", "LONG");
            assertThat(binance.position(HEDGE, "BTCUSD_PERP", "LONG")).isEqualByComparingTo("0");
        }
    }

    @Nested
    class ExchangeIo {

        @Test
        void aFapiPathGoesToTheUsdmHostSignedAndADapiMarketPathToTheCoinmHostUnsigned() throws Exception {
            binance.hold(ONE_WAY, "BTCUSDT", "BOTH", "0.25");
            JsonNode risk = data("/BinanceFutures", ONE_WAY, "__api_/fapi/v2/positionRisk", "symbol", "BTCUSDT");
            assertThat(query(last("/fapi/v2/positionRisk"))).startsWith("symbol=BTCUSDT&").contains("&timestamp=", "&signature=");
            assertThat(risk.isArray()).as("Binance's own reply, passed through: %s", risk).isTrue();
            assertThat(risk.path(0).path("symbol").asText()).isEqualTo("BTCUSDT");

            data("/BinanceFutures", ONE_WAY, "__api_/dapi/v1/premiumIndex", "symbol", "BTCUSD_PERP");
            assertThat(query(last("/dapi/v1/premiumIndex"))).as("a public path goes unsigned").isEqualTo("symbol=BTCUSD_PERP");
        }
    }

    @Nested
    class PositionsAndAccounts {

        @Test
        void positionsOfOneContractARangeOrAll() throws Exception {
            binance.hold(HEDGE, "BTCUSDT", "SHORT", "0.5");
            binance.hold(HEDGE, "BTCUSD_PERP", "LONG", "7");
            JsonNode p = data("/Binance", HEDGE, "positions", "symbol", "BTC_USDT.swap");
            assertThat(query(last("/fapi/v2/positionRisk"))).startsWith("symbol=BTCUSDT&");
            assertThat(p).hasSize(1);
            assertThat(p.path(0).path("type").asInt()).as("PD_SHORT").isEqualTo(1);
            assertThat(p.path(0).path("amount").decimalValue()).isEqualByComparingTo("0.5");
            assertThat(p.path(0).path("price").decimalValue()).isEqualByComparingTo("42000.5");
            assertThat(p.path(0).path("profit").decimalValue()).isEqualByComparingTo("12.345");
            assertThat(p.path(0).path("margin_level").decimalValue()).isEqualByComparingTo("10");
            assertThat(p.path(0).path("margin").decimalValue()).as("notional 21500.25 ÷ 10, cut down")
                    .isEqualByComparingTo("2150.025");
            JsonNode coin = data("/BinanceFutures", HEDGE, "getposition", "symbol", "USD.swap");
            assertThat(coin).hasSize(1);
            assertThat(coin.path(0).path("symbol").asText()).isEqualTo("BTC_USD.swap");
            assertThat(coin.path(0).path("type").asInt()).isEqualTo(0);
            assertThat(coin.path(0).path("amount").decimalValue()).as("contracts").isEqualByComparingTo("7");
            assertThat(data("/BinanceFutures", HEDGE, "io", "code", 3)).hasSize(2);
            binance.hold(HEDGE, "BTCUSDT", "SHORT", "0");
            binance.hold(HEDGE, "BTCUSD_PERP", "LONG", "0");
        }

        @Test
        void marginLevelSetsTheLeverage() throws Exception {
            assertThat(data("/BinanceFutures", ONE_WAY, "setmarginlevel", "symbol", "BTC_USD", "marginLevel", 20).asBoolean()).isTrue();
            assertThat(binance.leverageRequests().get(binance.leverageRequests().size() - 1))
                    .containsEntry("symbol", "BTCUSD_PERP").containsEntry("leverage", "20");
            assertThat(error("/Binance", ONE_WAY, "marginlevel", "symbol", "BTC_USDT.swap", "marginLevel", "2.5"))
                    .isEqualTo("Binance: marginLevel must be a whole number of at least 1 on Binance, got 2.5");
        }

        @Test
        void aMarginLevelWithoutSymbolIsSetOnEachContractJustBeforeItsFirstOrder() throws Exception {
            JsonNode kept = call("/BinanceFutures", KEPT_LEVEL, "io", "code", 0, "args", List.of(20));
            assertThat(kept.path("data").asBoolean()).as("reply: %s", kept).isTrue();
            assertThat(kept.path("raw").asText()).contains("kept for the next order's contract");
            assertThat(binance.requests()).as("kept by the bridge, no call to Binance").isEmpty();

            data("/BinanceFutures", KEPT_LEVEL, "trade", "symbol", "BTC_USDT", "type", "buy", "amount", "0.003", "price", "-1");
            assertThat(binance.requests().stream().map(StubRequest::path)
                    .filter(p -> p.equals("/fapi/v1/leverage") || p.equals("/fapi/v1/order")))
                    .containsExactly("/fapi/v1/leverage", "/fapi/v1/order");
            assertThat(binance.leverageRequests().get(binance.leverageRequests().size() - 1))
                    .containsEntry("symbol", "BTCUSDT").containsEntry("leverage", "20");

            data("/BinanceFutures", KEPT_LEVEL, "trade", "symbol", "BTC_USDT", "type", "closebuy", "amount", "0.003", "price", "-1");
            assertThat(binance.requestsTo("/fapi/v1/leverage")).as("once per contract").hasSize(1);
            assertThat(binance.requestsTo("/fapi/v1/order")).hasSize(2);

            data("/BinanceFutures", KEPT_LEVEL, "trade", "symbol", "BTC_USD", "type", "buy", "amount", "1", "price", "-1");
            assertThat(binance.requestsTo("/dapi/v1/leverage")).as("another contract, on COIN-M").hasSize(1);
            assertThat(binance.leverageRequests().get(binance.leverageRequests().size() - 1))
                    .containsEntry("symbol", "BTCUSD_PERP").containsEntry("leverage", "20");
        }

        @Test
        void aRefusedKeptMarginLevelRefusesTheTradeAndPlacesNothing() throws Exception {
            assertThat(data("/BinanceFutures", REFUSED_LEVEL, "setmarginlevel", "marginLevel", 126).asBoolean()).isTrue();
            assertThat(error("/BinanceFutures", REFUSED_LEVEL, "trade", "symbol", "BTC_USDT", "type", "buy", "amount", "0.003",
                    "price", "-1")).startsWith("BinanceFutures: ").contains("-4028", "Leverage 126 is not valid");
            assertThat(binance.requestsTo("/fapi/v1/leverage")).hasSize(1);
            assertThat(binance.requestsTo("/fapi/v1/order")).as("nothing placed").isEmpty();
        }

        @Test
        void accountsOnTheFuturesAddressAreBothWallets() throws Exception {
            JsonNode accounts = data("/BinanceFutures", ONE_WAY, "accounts");
            assertThat(binance.requestsTo("/fapi/v2/balance")).hasSize(1);
            assertThat(binance.requestsTo("/dapi/v1/balance")).hasSize(1);
            JsonNode btc = StreamSupport.stream(accounts.spliterator(), false)
                    .filter(a -> a.path("currency").asText().equals("BTC")).findFirst().orElseThrow();
            assertThat(btc.path("free").decimalValue()).isEqualByComparingTo("0.10241969");
            assertThat(btc.path("frozen").decimalValue()).isEqualByComparingTo("0.00008031");
            assertThat(data("/BinanceFutures", ONE_WAY, "assets")).hasSize(2);
        }
    }
}
