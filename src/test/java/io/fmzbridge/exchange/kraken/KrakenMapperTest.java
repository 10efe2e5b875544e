package io.fmzbridge.exchange.kraken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.OutcomeUnknown;
import io.fmzbridge.fmz.Balance;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.OrderStatus;
import io.fmzbridge.fmz.PlacedOrder;
import io.fmzbridge.fmz.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kraken's documented sample replies (spot REST spec, ccxt fixture) through the mapper. */
class KrakenMapperTest {

    static final KrakenMapper MAPPER = new KrakenMapper(Clock.fixed(Instant.ofEpochMilli(1548119951000L), ZoneOffset.UTC));
    static final KrakenSymbolMap SYMBOLS = KrakenSymbolMap.from(json("""
            {"XXBTZUSD":{"altname":"XBTUSD","wsname":"XBT/USD","base":"XXBT","quote":"ZUSD"},
             "XXBTZUSD.d":{"altname":"XBTUSD.d","base":"XXBT","quote":"ZUSD"},
             "LTCUSDT":{"altname":"LTCUSDT","wsname":"LTC/USDT","base":"XLTC","quote":"USDT"},
             "XDGUSD":{"altname":"XDGUSD","wsname":"XDG/USD","base":"XXDG","quote":"ZUSD"}}"""), json("""
            {"XXBT":{"altname":"XBT"},"ZUSD":{"altname":"USD"},"USDT":{"altname":"USDT"},"XLTC":{"altname":"LTC"},
             "XXDG":{"altname":"XDG"}}"""));

    static JsonNode json(String text) {
        try {
            return FmzJson.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode reply(String text) {
        return MAPPER.reply(text.getBytes(StandardCharsets.UTF_8), 200);
    }

    static FmzRequest request(String symbol) {
        return new FmzRequest("kraken", "ticker", json("{\"symbol\":\"" + symbol + "\"}"), "k", "s", null);
    }

    @Test
    void namesComeFromTheListingsNotFromPrefixes() {
        assertThat(SYMBOLS.pair(FmzSymbol.parse("BTC_USD")).altname()).isEqualTo("XBTUSD");
        assertThat(SYMBOLS.pair(FmzSymbol.parse("LTC_USDT")).id()).isEqualTo("LTCUSDT");
        assertThat(SYMBOLS.pair(FmzSymbol.parse("DOGE_USD")).altname()).isEqualTo("XDGUSD");
        assertThat(SYMBOLS.currency("XXBT")).isEqualTo("BTC");
        assertThat(SYMBOLS.currency("USDT")).isEqualTo("USDT");
        assertThat(SYMBOLS.currency("KFEE")).isEqualTo("KFEE");
        assertThat(SYMBOLS.named("XBTUSD.d")).isEmpty();
    }

    @Test
    void documentedTicker() {
        JsonNode reply = reply("""
                {"error":[],"result":{"XXBTZUSD":{"a":["3537.50000","1","1.000"],"b":["3537.40000","16","16.000"],"c":["3537.50000","0.25000000"],"v":["2945.40515179","4009.69918350"],"p":["3537.46886","3535.79747"],"t":[5773,6815],"l":["3504.20000","3504.20000"],"h":["3565.00000","3565.00000"],"o":"3530.60000"}}}""");
        Ticker t = (Ticker) MAPPER.ticker(reply, request("BTC_USD"), SYMBOLS).data();
        assertThat(t.buy()).isEqualByComparingTo("3537.4");
        assertThat(t.sell()).isEqualByComparingTo("3537.5");
        assertThat(t.vol().toPlainString()).isEqualTo("4009.69918350");
        assertThat(t.time()).isEqualTo(1548119951000L);
    }

    @Test
    void documentedBalanceAndOrders() {
        JsonNode balance = reply("{\"error\":[],\"result\":{\"ZUSD\":{\"balance\":\"2970172.7962\",\"hold_trade\":\"0.7962\"},\"XXBT\":{\"balance\":\"3.2223768244\"}}}");
        @SuppressWarnings("unchecked")
        List<Balance> balances = (List<Balance>) MAPPER.balances(balance, SYMBOLS).data();
        assertThat(balances).containsExactly(new Balance("USD", new java.math.BigDecimal("2970172.0000"), new java.math.BigDecimal("0.7962")),
                new Balance("BTC", new java.math.BigDecimal("3.2223768244"), java.math.BigDecimal.ZERO));

        JsonNode placed = reply("{\"error\":[],\"result\":{\"descr\":{\"order\":\"buy 0.10000000 LTCUSDT @ market\"},\"txid\":[\"OL7LNO-R4SAD-6UINEU\"]}}");
        assertThat(MAPPER.placed(placed, request("LTC_USDT"), SYMBOLS).data()).isEqualTo(new PlacedOrder("LTCUSDT,OL7LNO-R4SAD-6UINEU"));

        JsonNode query = reply("""
                {"error":[],"result":{"OGMZCL-KC6MC-ZRBGM6":{"userref":"0","status":"closed","opentm":"1705260547.472000","descr":{"pair":"LTCUSDT","type":"buy","ordertype":"market","price":"0"},"vol":"0.10000000","vol_exec":"0.10000000","cost":"7.105741","fee":"0.018475","price":"71.05741","closetm":"1705260547.4728658"}}}""");
        Order order = (Order) MAPPER.order(query, SYMBOLS).data();
        assertThat(order.id()).isEqualTo("LTCUSDT,OGMZCL-KC6MC-ZRBGM6");
        assertThat(order.symbol()).isEqualTo("LTC_USDT");
        assertThat(order.dealAmount()).isEqualByComparingTo("0.1");
        assertThat(order.avgPrice().toPlainString()).isEqualTo("71.05741");
        assertThat(order.status()).isEqualTo(OrderStatus.FILLED);
    }

    @Test
    void triggeredOrdersShowTheLimitTheyTradeAt() {
        assertThat(KrakenMapper.limitPrice(json("""
                {"descr":{"ordertype":"limit","price":"30010.0","price2":"0"},"limitprice":"0.00000"}"""))).isEqualByComparingTo("30010.0");
        assertThat(KrakenMapper.limitPrice(json("""
                {"descr":{"ordertype":"stop-loss-limit","price":"26770.0","price2":"25770.0"},"limitprice":"0.00000"}""")))
                .as("price is the trigger, price2 the limit").isEqualByComparingTo("25770.0");
        assertThat(KrakenMapper.limitPrice(json("""
                {"descr":{"ordertype":"take-profit-limit","price":"75.00000","price2":"74.00000"},"limitprice":"0.00000"}""")))
                .isEqualByComparingTo("74");
        assertThat(KrakenMapper.limitPrice(json("""
                {"descr":{"ordertype":"trailing-stop","price":"+50.0000%","price2":"0"},"stopprice":"0.23424000",
                 "limitprice":"0.46847000"}"""))).as("market once triggered").isEqualByComparingTo("0");
        assertThat(KrakenMapper.limitPrice(json("""
                {"descr":{"ordertype":"trailing-stop-limit","price":"+50.0000%","price2":"-1.0000%"},
                 "limitprice":"0.46847000"}"""))).isEqualByComparingTo("0.46847");
    }

    @Test
    void anOrderOnAPairAssetPairsDoesNotListIsLeftOutOfTheList() {
        JsonNode open = reply("""
                {"error":[],"result":{"open":{
                 "OQCLML-BW3P3-BUCMWZ":{"refid":"None","userref":0,"status":"open","opentm":1688666559.8974,"starttm":0,"expiretm":0,
                  "descr":{"pair":"XBTUSD","type":"buy","ordertype":"limit","price":"30010.0","price2":"0","leverage":"none",
                           "order":"buy 1.25000000 XBTUSD @ limit 30010.0","close":""},
                  "vol":"1.25000000","vol_exec":"0.37500000","cost":"11253.7","fee":"0.00000","price":"30010.0",
                  "stopprice":"0.00000","limitprice":"0.00000","misc":"","oflags":"fciq","trades":["TCCCTY-WE2O6-P3NB37"]},
                 "ODLSTD-AAAAA-BBBBB3":{"refid":null,"userref":0,"status":"open","opentm":1688666559.8974,
                  "descr":{"pair":"XBTJPY","type":"buy","ordertype":"limit","price":"3000000","price2":"0"},
                  "vol":"0.01000000","vol_exec":"0.00000000","price":"0.00000"}}}}""");
        FmzRequest all = new FmzRequest("kraken", "orders", json("{}"), "k", "s", null);
        @SuppressWarnings("unchecked")
        List<Order> orders = (List<Order>) MAPPER.orders(open, all, SYMBOLS).data();
        assertThat(orders).extracting(Order::id).containsExactly("XBTUSD,OQCLML-BW3P3-BUCMWZ");
        assertThat(orders.get(0).status()).isEqualTo(OrderStatus.PARTIAL_FILLED);
    }

    @Test
    void statuses() {
        assertThat(KrakenMapper.status("pending", false)).isEqualTo(OrderStatus.PENDING);
        assertThat(KrakenMapper.status("open", false)).isEqualTo(OrderStatus.PENDING);
        assertThat(KrakenMapper.status("open", true)).isEqualTo(OrderStatus.PARTIAL_FILLED);
        assertThat(KrakenMapper.status("closed", true)).isEqualTo(OrderStatus.FILLED);
        assertThat(KrakenMapper.status("canceled", true)).isEqualTo(OrderStatus.PARTIAL_CANCELED);
        assertThat(KrakenMapper.status("expired", false)).isEqualTo(OrderStatus.CANCELED);
    }

    @Test
    void errorsUnderHttp200AreErrorsAndWarningsAreNot() {
        assertThatThrownBy(() -> reply("{\"error\":[\"EOrder:Insufficient funds\"],\"result\":{}}"))
                .isInstanceOf(FmzError.class).hasMessage("EOrder:Insufficient funds");
        assertThatThrownBy(() -> reply("{\"error\":[\"EGeneral:Internal error\"]}")).isInstanceOf(OutcomeUnknown.class);
        assertThat(reply("{\"error\":[\"WGeneral:Danger\"],\"result\":{\"count\":1}}").path("result").path("count").asInt()).isEqualTo(1);
        assertThat(MAPPER.serverTime(json("{\"error\":[],\"result\":{\"unixtime\":1688669448,\"rfc1123\":\"x\"}}"))).isEqualTo(1688669448500L);
    }
}
