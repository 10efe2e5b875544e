package io.fmzbridge.exchange.upbit;

import static io.fmzbridge.fmz.FmzJson.decimal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fmzbridge.exchange.upbitstyle.MarketCodes;
import io.fmzbridge.exchange.upbitstyle.UpbitStyleReplies;
import io.fmzbridge.exchange.upbitstyle.UpbitStyleRequests;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzReply;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.Market;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.PlacedOrder;
import io.fmzbridge.fmz.Ticker;
import io.fmzbridge.fmz.TickBands;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Variable;

/** Upbit v1 replies → FMZ shapes (the dialect's shapes are read in {@link UpbitStyleReplies}). */
public final class UpbitMapper {

    private static final String REQUEST = "fmz";
    private static final String LABEL = UpbitRequests.LABEL;
    /** Amounts: Upbit shows volumes to 8 decimals (inferred; no lot size is documented). */
    private static final BigDecimal LOT = new BigDecimal("0.00000001");
    /** Decimals a price may have where no tick rule is known (inferred). */
    private static final int UNKNOWN_PRICE_DECIMALS = 8;

    /** Reads the HTTP reply; {@code {"error":{"name","message"}}} becomes an error that keeps both. */
    public JsonNode reply(byte[] body, @Header(Exchange.HTTP_RESPONSE_CODE) Integer status) {
        return UpbitStyleReplies.read(LABEL, body, status);
    }

    /** The ticker has no bid and ask: the top of the order book (in variable {@code book}) supplies them. */
    public FmzReply ticker(JsonNode reply, @Variable("book") JsonNode book) {
        JsonNode ticker = reply.path(0);
        if (!ticker.isObject()) {
            throw new FmzError("Upbit returned no ticker");
        }
        JsonNode top = UpbitStyleReplies.firstBook(book, LABEL).path("orderbook_units").path(0);
        return FmzReply.of(UpbitStyleReplies.ticker(ticker, top), reply);
    }

    /** Every market's ticker; Upbit's tickers carry no bid and ask, so those are 0. */
    public FmzReply tickers(JsonNode reply) {
        List<Ticker> tickers = new ArrayList<>();
        for (JsonNode t : reply) {
            tickers.add(UpbitStyleReplies.ticker(t, MissingNode.getInstance()));
        }
        return FmzReply.of(tickers, reply);
    }

    public FmzReply depth(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        return FmzReply.of(UpbitStyleReplies.depth(UpbitStyleReplies.firstBook(reply, LABEL),
                UpbitStyleRequests.depthLevels(request)), reply);
    }

    public FmzReply trades(JsonNode reply) {
        return FmzReply.of(UpbitStyleReplies.trades(reply), reply);
    }

    public FmzReply records(JsonNode reply) {
        return FmzReply.of(UpbitStyleReplies.candles(reply), reply);
    }

    /**
     * Markets from the market list (variable {@code marketList}) and their tickers (the body): a KRW
     * market's tick depends on the price, so its tick size is the one at the last price, and its
     * price bands travel along for the order check.
     */
    public FmzReply markets(JsonNode tickers, @Variable("marketList") JsonNode marketList) {
        Map<String, BigDecimal> last = new HashMap<>();
        for (JsonNode t : tickers) {
            last.put(t.path("market").asText(), decimal(t.path("trade_price")));
        }
        Map<String, Market> markets = new LinkedHashMap<>();
        for (JsonNode m : marketList) {
            String code = m.path("market").asText();
            if (!MarketCodes.isCode(code)) {
                continue;
            }
            String quote = MarketCodes.quote(code);
            TickBands bands = UpbitTicks.hasKrwBands(code) ? UpbitTicks.KRW : null;
            BigDecimal tick = bands != null ? orZero(bands.tickAt(last.getOrDefault(code, BigDecimal.ZERO)))
                    : quote.equals("BTC") ? UpbitTicks.BTC_TICK : BigDecimal.ZERO;
            String symbol = MarketCodes.fmz(code);
            markets.put(symbol, new Market(symbol, MarketCodes.base(code), quote, tick, LOT,
                    tick.signum() > 0 ? Market.decimalsOf(tick) : UNKNOWN_PRICE_DECIMALS, Market.decimalsOf(LOT),
                    BigDecimal.ZERO, BigDecimal.ZERO, UpbitTicks.minTotal(quote), BigDecimal.ZERO, bands));
        }
        return FmzReply.of(markets, marketList);
    }

    public FmzReply balances(JsonNode reply) {
        return FmzReply.of(UpbitStyleReplies.balances(reply), reply);
    }

    public FmzReply placed(JsonNode reply) {
        String uuid = reply.path("uuid").asText("");
        if (uuid.isEmpty()) {
            throw new FmzError("Upbit accepted the order request but returned no uuid");
        }
        return FmzReply.of(new PlacedOrder(reply.path("market").asText() + "," + uuid), reply);
    }

    public FmzReply order(JsonNode reply) {
        return FmzReply.of(toOrder(reply), reply);
    }

    public FmzReply orders(JsonNode reply) {
        List<Order> orders = new ArrayList<>();
        reply.forEach(o -> orders.add(toOrder(o)));
        return FmzReply.of(orders, reply);
    }

    /** DELETE /v1/order answers the order as it was when the cancel was accepted. */
    public FmzReply canceled(JsonNode reply) {
        if (reply.path("uuid").asText("").isEmpty()) {
            throw new FmzError("Upbit answered the cancel without the order's uuid");
        }
        return FmzReply.of(true, reply);
    }

    /** Upbit has no server-time endpoint: its HTTP Date header tells its clock. */
    public long serverTime(JsonNode reply, @Header("Date") String date) {
        return UpbitStyleReplies.serverTime(date, LABEL);
    }

    public FmzReply passThrough(JsonNode reply) {
        return FmzReply.of(reply, null);
    }

    static Order toOrder(JsonNode o) {
        return UpbitStyleReplies.order(o, "uuid");
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }
}
