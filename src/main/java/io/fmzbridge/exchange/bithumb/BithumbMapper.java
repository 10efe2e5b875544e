package io.fmzbridge.exchange.bithumb;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.exchange.upbitstyle.MarketCodes;
import io.fmzbridge.exchange.upbitstyle.UpbitStyleMapper;
import io.fmzbridge.exchange.upbitstyle.UpbitStyleReplies;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzReply;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.Market;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.PlacedOrder;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ExchangeProperty;

/** Bithumb JWT-API replies → FMZ shapes (the dialect's shapes are read in {@link UpbitStyleReplies}). */
public final class BithumbMapper extends UpbitStyleMapper {

    private static final String REQUEST = BithumbRequests.REQUEST;
    private static final String LABEL = BithumbRequests.LABEL;
    /** Volumes to 8 decimals (inferred; Bithumb documents its units only per market in /v1/orders/chance). */
    private static final BigDecimal LOT = new BigDecimal("0.00000001");
    private static final int UNKNOWN_PRICE_DECIMALS = 8;

    public BithumbMapper() {
        super(LABEL);
    }

    /**
     * Markets from /v1/market/all. Bithumb publishes its price units and minimum order value only
     * per market through the signed /v1/orders/chance, which this public list cannot ask: no tick
     * size or minimum is claimed here. Orders are checked against them when placed
     * ({@link BithumbOrderRules}).
     */
    public FmzReply markets(JsonNode marketList) {
        Map<String, Market> markets = new LinkedHashMap<>();
        for (JsonNode m : marketList) {
            String code = m.path("market").asText();
            if (!MarketCodes.isCode(code)) {
                continue;
            }
            String symbol = MarketCodes.fmz(code);
            markets.put(symbol, new Market(symbol, MarketCodes.base(code), MarketCodes.quote(code), BigDecimal.ZERO, LOT,
                    UNKNOWN_PRICE_DECIMALS, Market.decimalsOf(LOT), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                    BigDecimal.ZERO));
        }
        return FmzReply.of(markets, marketList);
    }

    /** POST /v2/orders answers {@code order_id} (the batch item's shape; the single reply is inferred). */
    public FmzReply placed(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        String orderId = reply.path("order_id").asText(reply.path("uuid").asText(""));
        if (orderId.isEmpty()) {
            throw new FmzError("Bithumb accepted the order request but returned no order_id");
        }
        String market = reply.path("market").asText(MarketCodes.of(request.symbol(), LABEL));
        return FmzReply.of(new PlacedOrder(market + "," + orderId), reply);
    }

    /** History: /v1/orders has no time filter, so FMZ's {@code since} (ms) is applied here. */
    public FmzReply historyOrders(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        long since = request.whole("since", 0);
        List<Order> orders = new ArrayList<>();
        for (JsonNode o : reply) {
            if (since == 0 || createdAt(o) >= since) {
                orders.add(toOrder(o));
            }
        }
        return FmzReply.of(orders, reply);
    }

    /** DELETE /v2/order answers {@code {"order_id","created_at"}}. */
    public FmzReply canceled(JsonNode reply) {
        if (reply.path("order_id").asText("").isEmpty()) {
            throw new FmzError("Bithumb answered the cancel without the order's order_id");
        }
        return FmzReply.of(true, reply);
    }

    private static long createdAt(JsonNode o) {
        try {
            return OffsetDateTime.parse(o.path("created_at").asText()).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new FmzError("Bithumb sent an order without a readable created_at");
        }
    }
}
