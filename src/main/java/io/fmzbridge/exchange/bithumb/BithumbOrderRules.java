package io.fmzbridge.exchange.bithumb;

import static io.fmzbridge.fmz.FmzJson.decimal;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.exchange.upbitstyle.MarketCodes;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.OrderRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.ExchangeProperty;

/**
 * Bithumb's order rules per market: the price unit and minimum order value of each side and the
 * maximum order value, as GET /v1/orders/chance tells them (signed: Bithumb publishes them nowhere
 * public, so they are read with the trading key before a market's order and kept for a minute).
 * An order off them is refused before it is sent, with what would fit; nothing is rounded. When
 * they cannot be read, Bithumb checks the order itself.
 */
public final class BithumbOrderRules {

    static final Duration FRESH_FOR = Duration.ofMinutes(1);

    private record Side(BigDecimal priceUnit, BigDecimal minTotal) {
    }

    /** Only the market's rules are kept: the reply's balances belong to the key that asked. */
    private record Rules(Side bid, Side ask, BigDecimal maxTotal, Instant readAt) {
    }

    private final Map<String, Rules> byMarket = new ConcurrentHashMap<>();
    private final Clock clock;

    public BithumbOrderRules() {
        this(Clock.systemUTC());
    }

    BithumbOrderRules(Clock clock) {
        this.clock = clock;
    }

    /** Whether the order's market rules are to be read (again) before it is checked. */
    public boolean stale(@ExchangeProperty(BithumbRequests.REQUEST) FmzRequest trade) {
        Rules rules = byMarket.get(market(trade));
        return rules == null || !rules.readAt().plus(FRESH_FOR).isAfter(clock.instant());
    }

    /** GET /v1/orders/chance?market=… for the order's market. */
    public RestCall request(@ExchangeProperty(BithumbRequests.REQUEST) FmzRequest trade,
                            @ExchangeProperty(BithumbRequests.ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("market", market(trade));
    }

    /** Keeps {@code market.bid/ask.price_unit}, {@code min_total} and {@code market.max_total}. */
    public void keep(JsonNode chance, @ExchangeProperty(BithumbRequests.REQUEST) FmzRequest trade) {
        JsonNode market = chance.path("market");
        byMarket.put(market(trade), new Rules(side(market.path("bid")), side(market.path("ask")),
                decimal(market.path("max_total")), clock.instant()));
    }

    /**
     * Refuses a limit price off the side's price unit and an order value (price × amount, or a
     * market buy's KRW to spend) outside the minimum and maximum. A market sell's value is
     * unknown until it fills: Bithumb judges it.
     */
    public void check(@ExchangeProperty(BithumbRequests.REQUEST) FmzRequest trade) {
        Rules rules = byMarket.get(market(trade));
        if (rules == null) {
            return;
        }
        OrderRequest order = OrderRequest.of(trade);
        Side side = order.buy() ? rules.bid() : rules.ask();
        String symbol = order.symbol().toString();
        if (!order.isMarket()) {
            BigDecimal unit = side.priceUnit();
            if (unit.signum() > 0 && order.price().remainder(unit).signum() != 0) {
                BigDecimal below = order.price().subtract(order.price().remainder(unit));
                throw new FmzError("price " + plain(order.price()) + " is not a multiple of " + symbol + "'s price unit "
                        + plain(unit) + " (" + plain(below) + " or " + plain(below.add(unit))
                        + " would be); the bridge does not round");
            }
            within("order value (price × amount)", order.price().multiply(order.amount()), side.minTotal(), rules.maxTotal(), symbol);
        } else if (order.buy()) {
            within("amount to spend", order.amount(), side.minTotal(), rules.maxTotal(), symbol);
        }
    }

    private static void within(String what, BigDecimal value, BigDecimal minimum, BigDecimal maximum, String symbol) {
        if (minimum.signum() > 0 && value.compareTo(minimum) < 0) {
            throw new FmzError(what + " " + plain(value) + " is below " + symbol + "'s minimum " + plain(minimum));
        }
        if (maximum.signum() > 0 && value.compareTo(maximum) > 0) {
            throw new FmzError(what + " " + plain(value) + " is above " + symbol + "'s maximum " + plain(maximum));
        }
    }

    private static Side side(JsonNode side) {
        return new Side(decimal(side.path("price_unit")), decimal(side.path("min_total")));
    }

    private static String market(FmzRequest trade) {
        return MarketCodes.of(trade.symbol(), BithumbRequests.LABEL);
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
