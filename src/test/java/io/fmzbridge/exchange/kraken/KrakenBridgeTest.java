package io.fmzbridge.exchange.kraken;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.ExchangeBridgeTest;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.StubExchange.Fault;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bridge end to end against a local Kraken that checks signatures and nonce order the way Kraken
 * does: each FMZ spot method, the pair names from AssetPairs/Assets, each failure class, and that no
 * secret escapes.
 */
class KrakenBridgeTest extends ExchangeBridgeTest {

    static final String KEY = "kraken-test-key";
    /** Kraken's documented example private key. */
    static final String SECRET = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";
    static final long RESPONSE_TIMEOUT_MS = 1500;

    KrakenStub kraken;

    KrakenBridgeTest() {
        super("Kraken", KEY, SECRET);
    }

    @Override
    protected KrakenStub startStub() throws Exception {
        kraken = KrakenStub.start();
        kraken.addAccount(KEY, SECRET);
        return kraken;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of(
                "fmz.exchange.kraken.base-url", kraken.baseUrl(),
                "fmz.call.response-timeout-ms", String.valueOf(RESPONSE_TIMEOUT_MS),
                // Kraken's limits have tests of their own (KrakenRateLimitTest); the nonce turn stays
                "fmz.call.rate-limit-enabled", "false",
                "fmz.call.rate-limit-pause-ms", "0",
                "fmz.order.lookup-pause-ms", "50");
    }

    Map<String, String> lastForm() {
        return KrakenStub.form(lastRequest());
    }

    String placeLimitBuy(String amount, String price) throws Exception {
        return data("trade", "symbol", "BTC_USD", "type", "buy", "amount", amount, "price", price).path("id").asText();
    }

    static String txid(String id) {
        return id.substring(id.indexOf(',') + 1);
    }

    @Nested
    class MarketData {

        @Test
        void tickerSendsTheAltnameAndReadsTheResultByPairId() throws Exception {
            JsonNode reply = call("ticker", "symbol", "btc_usd");
            JsonNode t = reply.path("data");
            assertThat(t.path("symbol").asText()).isEqualTo("BTC_USD");
            assertThat(t.path("buy").decimalValue()).isEqualByComparingTo("3537.4");
            assertThat(t.path("sell").decimalValue()).isEqualByComparingTo("3537.5");
            assertThat(t.path("high").decimalValue()).isEqualByComparingTo("3566");
            assertThat(t.path("low").decimalValue()).isEqualByComparingTo("3504.1");
            assertThat(t.path("open").decimalValue()).isEqualByComparingTo("3530.6");
            assertThat(t.path("last").decimalValue()).isEqualByComparingTo("3537.5");
            assertThat(t.path("vol").decimalValue()).isEqualByComparingTo("4009.69918350");
            assertThat(t.path("time").asLong()).isPositive();
            assertThat(reply.path("raw").path("result").has("XXBTZUSD")).isTrue();
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/0/public/Ticker?pair=XBTUSD");
            assertThat(lastRequest().headers()).as("public calls carry no credentials").doesNotContainKey("api-key");
        }

        @Test
        void prefixFreeAssetsMapThroughTheListingNotByStrippingLetters() throws Exception {
            assertThat(data("ticker", "symbol", "BTC_USDT").path("symbol").asText()).isEqualTo("BTC_USDT");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/0/public/Ticker?pair=XBTUSDT");
            assertThat(data("ticker", "symbol", "USDT_USD").path("symbol").asText()).isEqualTo("USDT_USD");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/0/public/Ticker?pair=USDTUSD");
            // ids that start with Z or X without any prefix: stripping letters would give ETA and TZ
            assertThat(data("ticker", "symbol", "ZETA_USD").path("symbol").asText()).isEqualTo("ZETA_USD");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/0/public/Ticker?pair=ZETAUSD");
            assertThat(data("ticker", "symbol", "XTZ_USD").path("symbol").asText()).isEqualTo("XTZ_USD");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/0/public/Ticker?pair=XTZUSD");
            assertThat(error("ticker", "symbol", "ETA_USD")).isEqualTo("Kraken: Kraken lists no pair ETA_USD (AssetPairs)");
            JsonNode balances = data("accounts");
            assertThat(find(balances, "ZETA").path("free").decimalValue()).isEqualByComparingTo("10");
            assertThat(find(balances, "XTZ").path("free").decimalValue()).isEqualByComparingTo("3");
            assertThat(balances.findValuesAsText("currency")).doesNotContain("ETA", "TZ");
        }

        @Test
        void aPairKrakenDoesNotListIsAClearError() throws Exception {
            assertThat(error("ticker", "symbol", "NOPE_USD")).isEqualTo("Kraken: Kraken lists no pair NOPE_USD (AssetPairs)");
        }

        @Test
        void theNamesAreLoadedOnceAndCached() throws Exception {
            data("ticker", "symbol", "BTC_USD");
            data("depth", "symbol", "BTC_USD");
            assertThat(kraken.requestsTo("/0/public/AssetPairs")).isEmpty();
        }

        @Test
        void depthIsLimitedAndOrderedWithEveryDecimal() throws Exception {
            JsonNode depth = data("depth", "symbol", "BTC_USD", "limit", "3");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/0/public/Depth?pair=XBTUSD&count=3");
            assertThat(depth.path("asks")).hasSize(3);
            assertThat(prices(depth.path("asks"))).isSortedAccordingTo(BigDecimal::compareTo);
            assertThat(prices(depth.path("bids"))).isSortedAccordingTo(Comparator.<BigDecimal>reverseOrder());
            assertThat(depth.path("asks").path(0).path(1).decimalValue()).isEqualTo(new BigDecimal("0.8001"));
        }

        @Test
        void depthWithoutALimitIsTwentyLevelsAndALimitGoesDeeper() throws Exception {
            JsonNode depth = data("depth", "symbol", "BTC_USD");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/0/public/Depth?pair=XBTUSD&count=20");
            assertThat(depth.path("asks")).hasSize(20);
            assertThat(depth.path("bids")).hasSize(20);
            JsonNode deeper = data("depth", "symbol", "BTC_USD", "limit", 30);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/0/public/Depth?pair=XBTUSD&count=30");
            assertThat(deeper.path("asks")).hasSize(30);
            assertThat(deeper.path("bids")).hasSize(30);
        }

        @Test
        void tradesOldestFirstInMs() throws Exception {
            JsonNode trades = data("trades", "symbol", "BTC_USD", "limit", 3);
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/0/public/Trades?pair=XBTUSD&count=3");
            assertThat(trades).hasSize(3);
            assertThat(trades.path(2).path("time").asLong()).isEqualTo(1688671974123L);
            assertThat(trades.path(2).path("type").asText()).isEqualTo("buy");
            assertThat(trades.path(2).path("amount").decimalValue()).isEqualTo(new BigDecimal("0.00100004"));
            assertThat(trades.path(2).path("id").asText()).isEqualTo("55004");
        }

        @Test
        void recordsInSecondsOldestFirstAtMostLimit() throws Exception {
            JsonNode bars = data("records", "symbol", "BTC_USD", "period", "60", "limit", "4");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/0/public/OHLC?pair=XBTUSD&interval=60");
            assertThat(bars).hasSize(4);
            assertThat(bars.path(3).path(0).asLong()).isEqualTo(1688671200L + 5 * 3600);
            assertThat(bars.path(0)).as("[time, open, high, low, close, volume]").hasSize(6);
            assertThat(bars.path(3).path(4).decimalValue()).isEqualTo(new BigDecimal("30305.95"));
            assertThat(bars.path(3).path(5).decimalValue()).isEqualTo(new BigDecimal("3.39243896"));
            assertThat(error("records", "symbol", "BTC_USD", "period", 3)).startsWith("Kraken: period 3 has no Kraken OHLC interval");
        }

        @Test
        void tickersNameEveryListedPair() throws Exception {
            List<String> symbols = new ArrayList<>();
            data("tickers").forEach(t -> symbols.add(t.path("symbol").asText()));
            assertThat(symbols).containsExactlyInAnyOrder("BTC_USD", "BTC_USDT", "USDT_USD", "ETH_USD", "ZETA_USD", "XTZ_USD", "XRP_EUR");
        }

        @Test
        void marketsFromAssetPairs() throws Exception {
            JsonNode markets = data("markets");
            assertThat(markets.size()).as("the dark-pool twin is left out").isEqualTo(7);
            JsonNode btc = markets.path("BTC_USD");
            assertThat(btc.path("baseAsset").asText()).isEqualTo("BTC");
            assertThat(btc.path("quoteAsset").asText()).isEqualTo("USD");
            assertThat(btc.path("tickSize").decimalValue()).isEqualByComparingTo("0.1");
            assertThat(btc.path("amountSize").decimalValue()).isEqualByComparingTo("0.00000001");
            assertThat(btc.path("minQty").decimalValue()).isEqualByComparingTo("0.0001");
            assertThat(btc.path("minNotional").decimalValue()).isEqualByComparingTo("0.5");
        }
    }

    @Nested
    class Account {

        @Test
        void balancesUnderFmzNames() throws Exception {
            JsonNode balances = data("accounts");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/0/private/BalanceEx");
            assertThat(find(balances, "BTC").path("free").decimalValue()).isEqualTo(new BigDecimal("0.4012"));
            assertThat(find(balances, "BTC").path("frozen").decimalValue()).isEqualTo(new BigDecimal("0.8423"));
            assertThat(find(balances, "USD").path("free").decimalValue()).isEqualTo(new BigDecimal("17185.45"));
            assertThat(find(balances, "USDT").path("free").decimalValue()).isEqualTo(new BigDecimal("0.00000001"));
            assertThat(find(balances, "KFEE").path("free").decimalValue()).isEqualByComparingTo("1000");
            assertThat(data("assets")).isEqualTo(balances);
        }

        @Test
        void aBadSecretIsAClearError() throws Exception {
            assertThat(bridge.call("/Kraken", envelope("accounts", KEY, "not base64!")).path("error").asText())
                    .isEqualTo("Kraken: secret_key must be the Kraken API private key exactly as Kraken shows it (base64)");
            assertThat(bridge.call("/Kraken", envelope("accounts", KEY, "AAAA" + SECRET.substring(4))).path("error").asText())
                    .isEqualTo("Kraken: EAPI:Invalid signature");
            assertThat(bridge.call("/Kraken", envelope("accounts", "other-key", SECRET)).path("error").asText())
                    .isEqualTo("Kraken: EAPI:Invalid key");
        }
    }

    @Nested
    class Nonces {

        @Test
        void everyPrivateCallCarriesAHigherNonce() throws Exception {
            int before = kraken.acceptedNonces().size();
            for (int i = 0; i < 5; i++) {
                data("accounts");
                data("orders", "symbol", "BTC_USD");
            }
            List<Long> nonces = kraken.acceptedNonces().subList(before, kraken.acceptedNonces().size());
            assertThat(nonces).hasSize(10).isSorted().doesNotHaveDuplicates();
            assertThat(nonces.get(0)).as("milliseconds").isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis() + 60_000);
        }

        @Test
        void theNonceIsSignedAndComesFirst() throws Exception {
            data("accounts");
            assertThat(lastRequest().body()).matches("nonce=\\d+");
            assertThat(lastRequest().header("API-Key")).isEqualTo(KEY);
            assertThat(lastRequest().header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        }
    }

    @Nested
    class Orders {

        @Test
        void aLimitOrderKeepsItsDecimalsAndAClientOrderId() throws Exception {
            String id = placeLimitBuy("0.001", "30000.5");
            assertThat(id).matches("XBTUSD,O\\d{5}-KRAKN-STUB\\d{2}");
            Map<String, String> form = lastForm();
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/0/private/AddOrder");
            assertThat(form).containsEntry("pair", "XBTUSD").containsEntry("type", "buy").containsEntry("ordertype", "limit")
                    .containsEntry("volume", "0.001").containsEntry("price", "30000.5").doesNotContainKey("oflags");
            assertThat(form.get("cl_ord_id")).matches("fmz[0-9a-f]{15}");
        }

        @Test
        void marketBuySpendsQuoteAndMarketSellSellsBase() throws Exception {
            data("trade", "symbol", "BTC_USD", "type", "buy", "amount", "100", "price", -1);
            assertThat(lastForm()).containsEntry("ordertype", "market").containsEntry("volume", "100")
                    .containsEntry("oflags", "viqc").doesNotContainKey("price");
            data("trade", "symbol", "BTC_USD", "type", "sell", "amount", "0.5", "price", "-1");
            assertThat(lastForm()).containsEntry("type", "sell").containsEntry("volume", "0.5").doesNotContainKey("oflags");
        }

        @Test
        void aRefusedOrderKeepsKrakensError() throws Exception {
            kraken.rejectNextOrder("EOrder:Insufficient funds");
            assertThat(error("trade", "symbol", "BTC_USD", "type", "buy", "amount", "1", "price", "1"))
                    .isEqualTo("Kraken: EOrder:Insufficient funds");
            assertThat(error("trade", "symbol", "BTC_USD", "type", "buy", "amount", "0", "price", "1"))
                    .isEqualTo("Kraken: amount must be positive, got 0");
        }

        @Test
        void anOrderThroughItsLife() throws Exception {
            String id = placeLimitBuy("0.02", "25000");
            JsonNode order = data("order", "id", id, "symbol", "BTC_USD");
            assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/0/private/QueryOrders");
            assertThat(lastForm()).containsEntry("txid", txid(id));
            assertThat(order.path("id").asText()).isEqualTo(id);
            assertThat(order.path("symbol").asText()).isEqualTo("BTC_USD");
            assertThat(order.path("amount").decimalValue()).isEqualByComparingTo("0.02");
            assertThat(order.path("price").decimalValue()).isEqualByComparingTo("25000");
            assertThat(order.path("deal_amount").decimalValue()).isEqualByComparingTo("0");
            assertThat(order.path("type").asText()).isEqualTo("buy");
            assertThat(order.path("status").asText()).isEqualTo("pending");
            assertThat(ids(data("orders", "symbol", "BTC_USD"))).contains(id);
            assertThat(ids(data("orders", "symbol", "ETH_USD"))).doesNotContain(id);

            kraken.fill(txid(id), "0.005", "24999.5");
            order = data("order", "id", id);
            assertThat(order.path("status").asText()).isEqualTo("partial-filled");
            assertThat(order.path("deal_amount").decimalValue()).isEqualByComparingTo("0.005");
            assertThat(order.path("avg_price").decimalValue()).isEqualByComparingTo("24999.5");

            assertThat(data("cancel", "id", id).asBoolean()).isTrue();
            assertThat(lastForm()).containsEntry("txid", txid(id));
            assertThat(data("order", "id", id).path("status").asText()).isEqualTo("partial-canceled");
            assertThat(ids(data("historyorders", "symbol", "BTC_USD", "limit", 0, "since", 0))).contains(id);
            assertThat(error("cancel", "id", id)).isEqualTo("Kraken: Kraken cancelled no order (count 0): it is already closed or cancelled");
        }

        @Test
        void anOrderPlacedOnKrakensWebsiteIsListedLookedUpAndCancelled() throws Exception {
            // Kraken's OpenOrders example: no cl_ord_id, userref 0, the pair by its altname
            kraken.addOrderPlacedElsewhere("OQCLML-BW3P3-BUCMWZ", """
                    {"refid":"None","userref":0,"status":"open","opentm":1688666559.8974,"starttm":0,"expiretm":0,
                     "descr":{"pair":"XBTUSD","type":"buy","ordertype":"limit","price":"30010.0","price2":"0",
                              "leverage":"none","order":"buy 1.25000000 XBTUSD @ limit 30010.0","close":""},
                     "vol":"1.25000000","vol_exec":"0.37500000","cost":"11253.7","fee":"0.00000","price":"30010.0",
                     "stopprice":"0.00000","limitprice":"0.00000","misc":"","oflags":"fciq","trades":["TCCCTY-WE2O6-P3NB37"]}""");
            String id = "XBTUSD,OQCLML-BW3P3-BUCMWZ";

            JsonNode listed = order(data("orders", "symbol", "BTC_USD"), id);
            assertThat(listed.path("symbol").asText()).isEqualTo("BTC_USD");
            assertThat(listed.path("amount").decimalValue()).isEqualByComparingTo("1.25");
            assertThat(listed.path("deal_amount").decimalValue()).isEqualByComparingTo("0.375");
            assertThat(listed.path("price").decimalValue()).isEqualByComparingTo("30010.0");
            assertThat(listed.path("status").asText()).isEqualTo("partial-filled");
            assertThat(ids(data("orders"))).as("every pair's open orders").contains(id);

            assertThat(data("order", "id", id).path("status").asText()).isEqualTo("partial-filled");
            assertThat(data("cancel", "id", id).asBoolean()).isTrue();
            assertThat(ids(data("orders", "symbol", "BTC_USD"))).doesNotContain(id);
        }

        @Test
        void stopLimitAndTakeProfitLimitOrdersShowTheirLimitPriceNotTheTrigger() throws Exception {
            // descr.price is the trigger, descr.price2 the limit the order trades at once triggered
            kraken.addOrderPlacedElsewhere("OSTPLM-AAAAA-BBBBB1", """
                    {"refid":null,"userref":0,"status":"open","opentm":1688666559.8974,"starttm":0,"expiretm":0,
                     "descr":{"pair":"XBTUSD","type":"sell","ordertype":"stop-loss-limit","price":"26770.0","price2":"25770.0",
                              "leverage":"none","order":"sell 0.00100000 XBTUSD @ stop loss 26770.0 -> limit 25770.0","close":""},
                     "vol":"0.00100000","vol_exec":"0.00000000","cost":"0.00000","fee":"0.00000","price":"0.00000",
                     "stopprice":"0.00000","limitprice":"0.00000","misc":"","oflags":"fciq"}""");
            kraken.addOrderPlacedElsewhere("OTKPLM-AAAAA-BBBBB2", """
                    {"refid":null,"userref":0,"status":"open","opentm":1688666560.1234,"starttm":0,"expiretm":0,
                     "descr":{"pair":"XBTUSD","type":"buy","ordertype":"take-profit-limit","price":"24000.0","price2":"24100.0",
                              "leverage":"none","order":"buy 0.00200000 XBTUSD @ take profit 24000.0 -> limit 24100.0","close":""},
                     "vol":"0.00200000","vol_exec":"0.00000000","cost":"0.00000","fee":"0.00000","price":"0.00000",
                     "stopprice":"0.00000","limitprice":"0.00000","misc":"","oflags":"fciq"}""");

            JsonNode listed = data("orders", "symbol", "BTC_USD");
            assertThat(order(listed, "XBTUSD,OSTPLM-AAAAA-BBBBB1").path("price").decimalValue()).isEqualByComparingTo("25770.0");
            assertThat(order(listed, "XBTUSD,OTKPLM-AAAAA-BBBBB2").path("price").decimalValue()).isEqualByComparingTo("24100.0");
            assertThat(data("order", "id", "XBTUSD,OSTPLM-AAAAA-BBBBB1").path("price").decimalValue()).isEqualByComparingTo("25770.0");
            data("cancel", "id", "XBTUSD,OSTPLM-AAAAA-BBBBB1");
            data("cancel", "id", "XBTUSD,OTKPLM-AAAAA-BBBBB2");
        }

        @Test
        void websiteOrdersTheBridgeNeverPlacesAreListedAndHideNoOthers() throws Exception {
            String placed = placeLimitBuy("0.01", "20000");
            // a trailing stop as Kraken lists it (recorded reply): its price is an offset, not a number
            kraken.addOrderPlacedElsewhere("OXVPSU-Q726F-L3SDEP", """
                    {"refid":null,"userref":0,"status":"open","opentm":1706893367.4656649,"starttm":0,"expiretm":0,
                     "descr":{"pair":"XRPEUR","type":"sell","ordertype":"trailing-stop","price":"+50.0000%","price2":"0",
                              "leverage":"none","order":"sell 10.00000000 XRPEUR @ trailing stop +50.0000%","close":""},
                     "vol":"10.00000000","vol_exec":"0.00000000","cost":"0.00000000","fee":"0.00000000","price":"0.00000000",
                     "stopprice":"0.23424000","limitprice":"0.46847000","misc":"","oflags":"fciq","trigger":"index"}""");
            // an order on a pair AssetPairs no longer lists (delisted): Kraken still lists the order
            kraken.addOrderPlacedElsewhere("ODLSTD-AAAAA-BBBBB3", """
                    {"refid":null,"userref":0,"status":"open","opentm":1688666559.8974,"starttm":0,"expiretm":0,
                     "descr":{"pair":"XBTJPY","type":"buy","ordertype":"limit","price":"3000000","price2":"0",
                              "leverage":"none","order":"buy 0.01000000 XBTJPY @ limit 3000000","close":""},
                     "vol":"0.01000000","vol_exec":"0.00000000","cost":"0.00000","fee":"0.00000","price":"0.00000",
                     "stopprice":"0.00000","limitprice":"0.00000","misc":"","oflags":"fciq"}""");

            JsonNode trailing = order(data("orders", "symbol", "XRP_EUR"), "XRPEUR,OXVPSU-Q726F-L3SDEP");
            assertThat(trailing.path("type").asText()).isEqualTo("sell");
            assertThat(trailing.path("amount").decimalValue()).isEqualByComparingTo("10");
            assertThat(trailing.path("price").decimalValue()).as("trades at market once triggered").isEqualByComparingTo("0");
            assertThat(ids(data("orders", "symbol", "BTC_USD"))).contains(placed).doesNotContain("XRPEUR,OXVPSU-Q726F-L3SDEP");
            assertThat(ids(data("orders"))).contains(placed, "XRPEUR,OXVPSU-Q726F-L3SDEP");

            data("cancel", "id", "XRPEUR,OXVPSU-Q726F-L3SDEP");
            data("cancel", "id", "XBTJPY,ODLSTD-AAAAA-BBBBB3");
            data("cancel", "id", placed);
        }

        @Test
        void filledAndCanceledStatuses() throws Exception {
            String filled = placeLimitBuy("0.01", "20000");
            kraken.fill(txid(filled), "0.01", "20000");
            assertThat(data("order", "id", filled).path("status").asText()).isEqualTo("filled");
            String canceled = placeLimitBuy("0.01", "20000");
            data("cancel", "id", canceled);
            assertThat(data("order", "id", canceled).path("status").asText()).isEqualTo("canceled");
        }

        @Test
        void historySinceIsSentInSeconds() throws Exception {
            data("historyorders", "symbol", "BTC_USD", "since", "1700000000000");
            assertThat(lastForm()).containsEntry("start", "1700000000");
        }

        @Test
        void anUnknownOrderKeepsKrakensError() throws Exception {
            assertThat(error("order", "id", "XBTUSD,OAAAAA-BBBBB-CCCCCC")).isEqualTo("Kraken: EOrder:Invalid order");
            assertThat(error("order", "id", "nope")).isEqualTo("Kraken: order id must look like XBTUSD,OL7LNO-R4SAD-6UINEU");
        }

        @Test
        void aLostPlacementReplyComesBackWithTheRealOrderIdAndOneOrder() throws Exception {
            kraken.failNext("/0/private/AddOrder", new Fault.ReplyLost());
            String id = data("trade", "symbol", "BTC_USD", "type", "buy", "amount", "0.01", "price", "20000").path("id").asText();
            assertThat(id).startsWith("XBTUSD,O");
            String clOrdId = kraken.placedOrders().get(kraken.placedOrders().size() - 1).get("cl_ord_id");
            assertThat(kraken.placedOrders()).filteredOn(o -> clOrdId.equals(o.get("cl_ord_id"))).hasSize(1);
            assertThat(kraken.requestsTo("/0/private/OpenOrders")).isNotEmpty();
        }

        @Test
        void aLostMarketOrderIsFoundAmongTheClosedOnes() throws Exception {
            kraken.failNext("/0/private/AddOrder", new Fault.ReplyLost());
            String id = data("trade", "symbol", "BTC_USD", "type", "sell", "amount", "0.01", "price", "-1").path("id").asText();
            assertThat(data("order", "id", id).path("status").asText()).isEqualTo("filled");
            assertThat(kraken.requestsTo("/0/private/ClosedOrders")).isNotEmpty();
        }
    }

    @Test
    void exchangeIoSignsPrivatePathsAsForms() throws Exception {
        JsonNode reply = bridge.call("/Kraken", RunningBridge.JSON.writeValueAsString(
                envelope("__api_/0/private/ClosedOrders", KEY, SECRET, "ofs", "50")), Map.of("Http-Method", "POST"));
        assertThat(lastRequest().method()).isEqualTo("POST");
        assertThat(lastRequest().body()).matches("nonce=\\d+&ofs=50");
        assertThat(reply.path("data").path("result").has("closed")).isTrue();

        bridge.call("/Kraken", RunningBridge.JSON.writeValueAsString(
                envelope("__api_/0/public/Ticker", KEY, SECRET, "pair", "XBTUSD")), Map.of());
        assertThat(lastRequest().rawPathAndQuery()).isEqualTo("/0/public/Ticker?pair=XBTUSD");
    }

    @Test
    void anUnsupportedMethodIsAClearError() throws Exception {
        assertThat(error("positions")).isEqualTo("Kraken: method 'positions' is not supported");
    }

    @Nested
    class Failures {

        static Stream<Arguments> brokenReplies() {
            return sharedBrokenReplies("Kraken", "GET /0/public/Ticker",
                    Arguments.of(new Fault.Status(503, "{\"error\":[\"EService:Unavailable\"]}"),
                            "Kraken: EService:Unavailable (HTTP 503)"),
                    Arguments.of(new Fault.Status(404, "{}"), "Kraken: HTTP 404 from exchange without a Kraken error"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("brokenReplies")
        void aBrokenReplyIsAClearError(Fault fault, String expected) throws Exception {
            data("ticker", "symbol", "BTC_USD"); // names loaded before the fault
            kraken.failNext("/0/public/Ticker", fault);
            assertThat(error("ticker", "symbol", "BTC_USD")).startsWith(expected);
        }

        @Test
        void krakensRateLimitsUnderHttp200AreSaidToBeRateLimits() throws Exception {
            kraken.failNext("/0/private/BalanceEx", new Fault.Status(200, "{\"error\":[\"EAPI:Rate limit exceeded\"],\"result\":{}}"));
            assertThat(error("accounts")).isEqualTo("Kraken: rate limited by Kraken: EAPI:Rate limit exceeded");
            int placed = kraken.placedOrders().size();
            kraken.rejectNextOrder("EOrder:Rate limit exceeded");
            assertThat(error("trade", "symbol", "BTC_USD", "type", "buy", "amount", "0.01", "price", "30000"))
                    .isEqualTo("Kraken: rate limited by Kraken: EOrder:Rate limit exceeded");
            assertThat(kraken.placedOrders()).hasSize(placed);
            assertThat(kraken.requestsTo("/0/private/OpenOrders")).as("a refusal, not looked up").isEmpty();
        }

        @Test
        void noReplyInTime() throws Exception {
            assertNoReplyInTime("/0/private/BalanceEx", "POST /0/private/BalanceEx", "accounts");
        }
    }

    @Test
    void noSecretReachesRepliesHeadersOrLogs() throws Exception {
        Exposure seen = exposureOf(() -> {
            String id = placeLimitBuy("0.01", "20000");
            kraken.failNext("/0/private/BalanceEx", new Fault.Status(500, "oops"));
            kraken.failNext("/0/private/AddOrder", new Fault.Reset());
            return List.of(
                    envelope("accounts", KEY, SECRET),
                    envelope("accounts", KEY, SECRET),
                    envelope("accounts", KEY, "AAAA" + SECRET.substring(4)),
                    envelope("order", KEY, SECRET, "id", id),
                    envelope("trade", KEY, SECRET, "symbol", "BTC_USD", "type", "buy", "amount", "1", "price", "1"),
                    envelope("cancel", KEY, SECRET, "id", id),
                    envelope("__api_/0/private/Balance", KEY, SECRET));
        });
        List<String> signatures = kraken.requests().stream().map(r -> r.header("API-Sign")).filter(s -> s != null).toList();
        assertThat(signatures).isNotEmpty();
        seen.showsNone(SECRET, SECRET.substring(4));
        seen.showsNone(signatures);
    }

    static JsonNode find(JsonNode balances, String currency) {
        for (JsonNode b : balances) {
            if (b.path("currency").asText().equals(currency)) {
                return b;
            }
        }
        throw new AssertionError("no " + currency + " in " + balances);
    }

    static JsonNode order(JsonNode orders, String id) {
        for (JsonNode o : orders) {
            if (o.path("id").asText().equals(id)) {
                return o;
            }
        }
        throw new AssertionError("no order " + id + " in " + orders);
    }
}
