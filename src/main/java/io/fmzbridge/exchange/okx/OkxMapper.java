package io.fmzbridge.exchange.okx;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.ExchangeReply;
import io.fmzbridge.fmz.Balance;
import io.fmzbridge.fmz.Candle;
import io.fmzbridge.fmz.Depth;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzReply;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.Market;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.OrderStatus;
import io.fmzbridge.fmz.PlacedOrder;
import io.fmzbridge.fmz.Ticker;
import io.fmzbridge.fmz.Trade;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import static io.fmzbridge.fmz.FmzJson.decimal;
import static io.fmzbridge.fmz.FmzJson.whole;

/**
 * OKX v5 replies → FMZ shapes. Every OKX reply is {@code {"code", "msg", "data": [...]}}; order
 * endpoints report per-order failures in {@code data[i].sCode}/{@code sMsg} under code 1 or 2.
 */
public final class OkxMapper {

    private static final String REQUEST = "fmz";

    /** Reads the HTTP reply and turns any OKX error, at either level, into an error that keeps its codes. */
    public JsonNode reply(byte[] body, @Header(Exchange.HTTP_RESPONSE_CODE) Integer status) {
        ExchangeReply reply = ExchangeReply.read(status, body);
        JsonNode json = reply.json();
        String code = json.path("code").asText("");
        if (reply.isHttpSuccess() && code.equals("0")) {
            return json;
        }
        if (code.isEmpty()) {
            throw new FmzError("HTTP " + reply.status() + " from exchange without an OKX error code");
        }
        StringBuilder error = new StringBuilder("code ").append(code);
        String msg = json.path("msg").asText("");
        if (!msg.isEmpty()) {
            error.append(": ").append(msg);
        }
        for (JsonNode item : json.path("data")) {
            String sCode = item.path("sCode").asText("0");
            if (!sCode.equals("0") && !sCode.isEmpty()) {
                error.append("; sCode ").append(sCode).append(": ").append(item.path("sMsg").asText(""));
            }
        }
        if (!reply.isHttpSuccess()) {
            error.append(" (HTTP ").append(reply.status()).append(')');
        }
        throw new FmzError(error.toString());
    }

    public FmzReply ticker(JsonNode reply) {
        return FmzReply.of(toTicker(first(reply, "ticker")), reply);
    }

    public FmzReply tickers(JsonNode reply) {
        List<Ticker> tickers = new ArrayList<>();
        for (JsonNode t : reply.path("data")) {
            if (isPair(t.path("instId").asText())) {
                tickers.add(toTicker(t));
            }
        }
        return FmzReply.of(tickers, reply);
    }

    public FmzReply depth(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        JsonNode book = first(reply, "order book");
        int limit = (int) request.whole("limit", OkxRequests.DEFAULT_DEPTH);
        return FmzReply.of(Depth.of(whole(book.path("ts")), levels(book.path("asks")), levels(book.path("bids")), limit), reply);
    }

    /** OKX lists trades newest first; FMZ wants them oldest first. */
    public FmzReply trades(JsonNode reply) {
        List<Trade> trades = new ArrayList<>();
        for (JsonNode t : reply.path("data")) {
            trades.add(0, new Trade(t.path("tradeId").asText(), whole(t.path("ts")), decimal(t.path("px")),
                    decimal(t.path("sz")), t.path("side").asText()));
        }
        return FmzReply.of(trades, reply);
    }

    /** OKX rows are {@code [ts, o, h, l, c, vol, …]} newest first; FMZ wants seconds, oldest first. */
    public FmzReply records(JsonNode reply) {
        List<Candle> candles = new ArrayList<>();
        for (JsonNode row : reply.path("data")) {
            candles.add(0, new Candle(whole(row.path(0)) / 1000, decimal(row.path(1)), decimal(row.path(2)),
                    decimal(row.path(3)), decimal(row.path(4)), decimal(row.path(5))));
        }
        return FmzReply.of(candles, reply);
    }

    public FmzReply markets(JsonNode reply) {
        Map<String, Market> markets = new LinkedHashMap<>();
        for (JsonNode i : reply.path("data")) {
            if (!isPair(i.path("instId").asText())) {
                continue;
            }
            String symbol = symbol(i.path("instId").asText());
            var tick = decimal(i.path("tickSz"));
            var lot = decimal(i.path("lotSz"));
            markets.put(symbol, new Market(symbol, i.path("baseCcy").asText(), i.path("quoteCcy").asText(),
                    tick, lot, Market.decimalsOf(tick), Market.decimalsOf(lot),
                    decimal(i.path("minSz")), decimal(i.path("maxLmtSz")),
                    java.math.BigDecimal.ZERO, decimal(i.path("maxLmtAmt"))));
        }
        return FmzReply.of(markets, reply);
    }

    /** Balance details for every currency: {@code availBal} is free, {@code frozenBal} held in orders. */
    public FmzReply balances(JsonNode reply) {
        List<Balance> balances = new ArrayList<>();
        for (JsonNode account : reply.path("data")) {
            for (JsonNode d : account.path("details")) {
                balances.add(new Balance(d.path("ccy").asText(), decimal(d.path("availBal")), decimal(d.path("frozenBal"))));
            }
        }
        return FmzReply.of(balances, reply);
    }

    public FmzReply placed(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        JsonNode result = first(reply, "order result");
        String ordId = result.path("ordId").asText("");
        if (ordId.isEmpty()) {
            throw new FmzError("OKX accepted the order request but returned no ordId");
        }
        return FmzReply.of(new PlacedOrder(OkxRequests.instId(request.symbol()) + "," + ordId), reply);
    }

    public FmzReply order(JsonNode reply) {
        return FmzReply.of(toOrder(first(reply, "order")), reply);
    }

    public FmzReply orders(JsonNode reply) {
        return FmzReply.of(StreamSupport.stream(reply.path("data").spliterator(), false).map(OkxMapper::toOrder).toList(), reply);
    }

    public FmzReply canceled(JsonNode reply) {
        first(reply, "cancel result");
        return FmzReply.of(true, reply);
    }

    /** {@code /api/v5/public/time}: {@code data[0].ts} in ms. */
    public long serverTime(JsonNode reply) {
        return whole(first(reply, "server time").path("ts"));
    }

    /** exchange.IO: the exchange's JSON is the result. */
    public FmzReply passThrough(JsonNode reply) {
        return FmzReply.of(reply, null);
    }

    static Order toOrder(JsonNode o) {
        String instId = o.path("instId").asText();
        var filled = decimal(o.path("accFillSz"));
        return new Order(instId + "," + o.path("ordId").asText(), symbol(instId), decimal(o.path("sz")),
                decimal(o.path("px")), filled, decimal(o.path("avgPx")), o.path("side").asText(),
                status(o.path("state").asText(), filled.signum() > 0));
    }

    /** OKX order states (docs: live, partially_filled, filled, canceled, mmp_canceled) → FMZ words. */
    static OrderStatus status(String state, boolean anyFilled) {
        return switch (state) {
            case "live" -> OrderStatus.PENDING;
            case "partially_filled" -> OrderStatus.PARTIAL_FILLED;
            case "filled" -> OrderStatus.FILLED;
            case "canceled", "mmp_canceled" -> OrderStatus.canceled(anyFilled);
            default -> throw new FmzError("unknown OKX order state '" + state + "'");
        };
    }

    private static Ticker toTicker(JsonNode t) {
        return new Ticker(symbol(t.path("instId").asText()), decimal(t.path("bidPx")), decimal(t.path("askPx")),
                decimal(t.path("high24h")), decimal(t.path("low24h")), decimal(t.path("open24h")),
                decimal(t.path("last")), decimal(t.path("vol24h")), whole(t.path("ts")));
    }

    private static List<Depth.Level> levels(JsonNode side) {
        List<Depth.Level> levels = new ArrayList<>(side.size());
        for (JsonNode level : side) {
            levels.add(new Depth.Level(decimal(level.path(0)), decimal(level.path(1))));
        }
        return levels;
    }

    private static JsonNode first(JsonNode reply, String what) {
        JsonNode first = reply.path("data").path(0);
        if (first.isMissingNode()) {
            throw new FmzError("OKX returned no " + what);
        }
        return first;
    }

    private static boolean isPair(String instId) {
        return instId.indexOf('-') > 0 && instId.indexOf('-') == instId.lastIndexOf('-');
    }

    /** {@code BTC-USDT} → {@code BTC_USDT}. */
    static String symbol(String instId) {
        return instId.replace('-', '_');
    }
}
