package io.fmzbridge.exchange.zerocap;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.ExchangeReply;
import io.fmzbridge.fmz.Depth;
import io.fmzbridge.call.OrderPlacements;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzReply;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.OrderStatus;
import io.fmzbridge.fmz.PlacedOrder;
import io.fmzbridge.fmz.Ticker;
import io.fmzbridge.stream.MarketStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.fmzbridge.fmz.FmzJson.decimal;
import static io.fmzbridge.fmz.FmzJson.whole;

/**
 * Zerocap DMA replies → FMZ shapes. Orders are ccxt-style objects ({@code id, symbol, status, side,
 * price, amount, filled, average, error_message, …}); prices come from the websocket ladder.
 */
public final class ZerocapMapper {

    private static final Logger LOG = LoggerFactory.getLogger(ZerocapMapper.class);
    private static final String REQUEST = "fmz";
    /** Levels a side when FMZ names no limit, as for every exchange the bridge serves. */
    static final int DEFAULT_DEPTH = 20;

    /**
     * Reads the HTTP reply. A non-2xx status is an error with Zerocap's words (its body format is not
     * documented; FastAPI's {@code {"detail": …}} is read, inferred from the API's redoc). A business
     * reject comes back HTTP 200 with {@code status "rejected"} or a non-empty {@code error_message}
     * (README; the SDK's identity check also reads a {@code status_code}): an error too, unless the reply
     * is an order (it has an {@code id}). A rejected order is an order that ended unfilled, which
     * {@code order} answers as such; only {@link #placed} refuses it.
     */
    public JsonNode reply(byte[] body, @Header(Exchange.HTTP_RESPONSE_CODE) Integer status) {
        ExchangeReply reply = ExchangeReply.read(status, body);
        JsonNode json = reply.json();
        if (!reply.isHttpSuccess()) {
            String detail = detail(json);
            throw new FmzError("HTTP " + reply.status() + (detail.isEmpty() ? " from exchange" : ": " + detail));
        }
        if (json.isObject()) {
            if (!isOrder(json)) {
                refuseIfRejected(json);
            }
            JsonNode statusCode = json.path("status_code");
            if (statusCode.isValueNode() && !statusCode.asText().equals("200")) {
                String detail = detail(json);
                throw new FmzError("status_code " + Printable.of(statusCode.asText())
                        + (detail.isEmpty() ? "" : ": " + detail));
            }
        }
        return json;
    }

    // --- prices, from the websocket ladder (zerocapStream) ---

    /**
     * buy = best bid, sell = best ask, last = their mid-point; Zerocap streams no 24 h figures (0).
     *
     * @param received the stream's time for the message (MarketStream), its time if Zerocap gave none
     */
    public FmzReply ticker(JsonNode price, @ExchangeProperty(MarketStream.EVENT_TIME_PROPERTY) Long received) {
        PriceBook book = PriceBook.read(price, received == null ? System.currentTimeMillis() : received);
        BigDecimal bid = book.bestBid().orElse(null);
        BigDecimal ask = book.bestAsk().orElse(null);
        if (bid == null && ask == null) {
            throw new FmzError("Zerocap's latest " + book.symbol() + " ladder has neither bids nor asks");
        }
        BigDecimal last = bid == null ? ask : ask == null ? bid : bid.add(ask).divide(BigDecimal.valueOf(2));
        Ticker ticker = new Ticker(ZerocapSymbol.toFmz(book.symbol()), zeroIfNull(bid), zeroIfNull(ask),
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, last, BigDecimal.ZERO, book.time());
        return FmzReply.of(ticker, book.message());
    }

    /** The best {@code limit} levels a side of the ladder Zerocap streams, 20 when FMZ names no limit. */
    public FmzReply depth(JsonNode price, @ExchangeProperty(REQUEST) FmzRequest request,
                          @ExchangeProperty(MarketStream.EVENT_TIME_PROPERTY) Long received) {
        PriceBook book = PriceBook.read(price, received == null ? System.currentTimeMillis() : received);
        int limit = (int) Math.min(request.whole("limit", DEFAULT_DEPTH), Integer.MAX_VALUE);
        return FmzReply.of(Depth.of(book.time(), book.asks(), book.bids(), limit), book.message());
    }

    /**
     * Zerocap has no REST prices: when its stream has no fresh ladder for the call, the answer is an
     * error that says why, never an older ladder. A symbol or key that is wrong gets its own words.
     */
    public void noFreshPrice(@ExchangeProperty(REQUEST) FmzRequest request,
                             @ExchangeProperty(MarketStream.STATE_PROPERTY) String why) {
        String symbol = ZerocapSymbol.of(request.symbol());
        ZerocapCredentials.parse(request.accessKey(), request.secretKey());
        throw new FmzError("no fresh " + symbol + " price from Zerocap's price stream: "
                + (why == null ? "the stream did not answer" : why));
    }

    // --- account and markets (reply shapes undocumented; see the readers) ---

    public FmzReply balances(JsonNode reply) {
        LOG.debug("Zerocap get_balances reply: {}", reply);
        return FmzReply.of(ZerocapBalances.read(reply), reply);
    }

    public FmzReply markets(JsonNode reply) {
        return FmzReply.of(ZerocapInstruments.read(reply), reply);
    }

    // --- orders ---

    /** create_order: the order Zerocap made, unless it rejected it (HTTP 200 all the same). */
    public FmzReply placed(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        refuseIfRejected(reply);
        String id = reply.path("id").asText("").strip();
        if (id.isEmpty()) {
            throw new FmzError("Zerocap accepted the order request but returned no order id");
        }
        return FmzReply.of(new PlacedOrder(ZerocapOrderId.of(ZerocapSymbol.of(request.symbol()), id)), reply);
    }

    public FmzReply order(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        String clientOrderId = request.param(OrderPlacements.CLIENT_ORDER_ID);
        if (clientOrderId != null) {
            for (JsonNode o : reply.path("order_list")) {
                if (clientOrderId.equals(o.path("client_order_id").asText())) {
                    return FmzReply.of(toOrder(o), reply);
                }
            }
            throw new FmzError("no recent order with client order id " + clientOrderId);
        }
        if (reply.path("id").asText("").isEmpty()) {
            throw new FmzError("Zerocap returned no order");
        }
        return FmzReply.of(toOrder(reply), reply);
    }

    /**
     * fetch_orders: {@code {"order_list":[…],"status":"success","total":…,"page":1}}, given oldest first.
     * Only open orders: the request asks for {@code status "open"} (inferred), and whatever else the
     * list holds (a rejected order, say) is finished, never open.
     */
    public FmzReply orders(JsonNode reply) {
        return FmzReply.of(oldestFirst(reply).stream().map(ZerocapMapper::toOrder).filter(ZerocapMapper::isOpen).toList(),
                reply);
    }

    /** Every order that is no longer open, whatever ended it: closed, cancelled, expired, rejected. */
    public FmzReply historyOrders(JsonNode reply) {
        return FmzReply.of(oldestFirst(reply).stream().map(ZerocapMapper::toOrder)
                .filter(o -> !isOpen(o)).toList(), reply);
    }

    private static boolean isOpen(Order order) {
        return order.status() == OrderStatus.PENDING || order.status() == OrderStatus.PARTIAL_FILLED;
    }

    /** Zerocap's order objects carry an {@code id}; its error bodies do not. */
    private static boolean isOrder(JsonNode json) {
        return !json.path("id").asText("").isBlank();
    }

    /** A business reject: {@code status "rejected"}, or any non-empty {@code error_message}. */
    private static void refuseIfRejected(JsonNode json) {
        String error = json.path("error_message").asText("").strip();
        if (json.path("status").asText("").equalsIgnoreCase("rejected")) {
            throw new FmzError("rejected: " + (error.isEmpty() ? "Zerocap gave no reason" : Printable.of(error)));
        }
        if (!error.isEmpty()) {
            throw new FmzError(Printable.of(error));
        }
    }

    private static List<JsonNode> oldestFirst(JsonNode reply) {
        JsonNode list = reply.path("order_list");
        if (!list.isArray()) {
            throw new FmzError("Zerocap's orders reply has no order_list");
        }
        List<JsonNode> sorted = new ArrayList<>();
        list.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(o -> whole(o.path("timestamp"))));
        return sorted;
    }

    /**
     * {@code GET /systems/get_time}: its shape is undocumented; read a bare number or a
     * {@code timestamp}/{@code server_time} field, in seconds or ms (a value below 10^12 is seconds).
     */
    public long serverTime(JsonNode reply) {
        JsonNode time = reply.isValueNode() ? reply
                : reply.has("timestamp") ? reply.path("timestamp") : reply.path("server_time");
        if (time.isMissingNode()) {
            throw new FmzError("Zerocap's server time reply has no timestamp");
        }
        BigDecimal value = FmzJson.decimal(time);
        return value.compareTo(BigDecimal.valueOf(1_000_000_000_000L)) < 0
                ? value.movePointRight(3).longValue() : value.longValue();
    }

    /** exchange.IO: Zerocap's JSON is the result. */
    public FmzReply passThrough(JsonNode reply) {
        return FmzReply.of(reply, null);
    }

    static Order toOrder(JsonNode o) {
        String symbol = o.path("symbol").asText("").strip();
        BigDecimal amount = decimal(o.path("amount"));
        BigDecimal filled = decimal(o.path("filled"));
        String id = o.path("id").asText();
        return new Order(symbol.isEmpty() ? id : ZerocapOrderId.of(symbol, id), ZerocapSymbol.toFmz(symbol), amount,
                decimal(o.path("price")), filled, decimal(o.path("average")), o.path("side").asText(),
                status(o.path("status").asText(""), filled, amount));
    }

    /**
     * Zerocap's statuses (ccxt vocabulary; seen: open, closed, rejected) → FMZ words. A closed order
     * that did not fill completely, and a cancelled, expired or rejected one, count as cancelled
     * (inferred: orders are fill-or-kill, so nothing is left resting).
     */
    static OrderStatus status(String status, BigDecimal filled, BigDecimal amount) {
        boolean anyFilled = filled.signum() > 0;
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "open" -> anyFilled ? OrderStatus.PARTIAL_FILLED : OrderStatus.PENDING;
            case "closed" -> amount.signum() > 0 && filled.compareTo(amount) >= 0 ? OrderStatus.FILLED
                    : OrderStatus.canceled(anyFilled);
            case "canceled", "cancelled", "expired", "rejected" -> OrderStatus.canceled(anyFilled);
            default -> throw new FmzError("unknown Zerocap order status '" + Printable.of(status) + "'");
        };
    }

    /** FastAPI's {@code {"detail": "…"}} or {@code {"detail": [{"loc":…, "msg":…}]}}, else a message field. */
    private static String detail(JsonNode json) {
        JsonNode detail = json.path("detail");
        if (detail.isArray()) {
            List<String> problems = new ArrayList<>();
            for (JsonNode item : detail) {
                JsonNode loc = item.path("loc");
                String where = loc.path(loc.size() - 1).asText("");
                problems.add((where.isEmpty() ? "" : where + ": ") + item.path("msg").asText(item.toString()));
            }
            return Printable.of(String.join("; ", problems));
        }
        for (String field : List.of("detail", "error_message", "message", "error")) {
            JsonNode value = json.path(field);
            if (value.isValueNode() && !value.asText().isBlank()) {
                return Printable.of(value.asText());
            }
        }
        return "";
    }

    private static BigDecimal zeroIfNull(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }
}
