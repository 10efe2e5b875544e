package io.fmzbridge.call;

import io.fmzbridge.fmz.FmzCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzReply;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.fmz.FuturesSide;
import io.fmzbridge.fmz.Market;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * Each exchange's trading rules (tick size, lot size, minimum and maximum size and notional), kept
 * by the market-rules job (jobs.camel.yaml). {@code markets} is answered from them while fresh,
 * and {@code trade} is checked against them before an order the exchange would reject is sent.
 * A user's price or amount is never rounded: a mismatch is an error that says what would fit.
 */
public final class MarketRules {

    static final String JOB_EXCHANGE = "marketsExchange";

    /** Exchange property an exchange's futures route sets before a contract trade: that contract's rules. */
    public static final String CONTRACT_MARKET = "contractMarket";

    private record Snapshot(Map<String, Market> markets, Object raw, Instant at) {
    }

    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final Duration freshFor;
    private final Clock clock;

    public MarketRules(Duration freshFor, Clock clock) {
        this.freshFor = freshFor;
        this.clock = clock;
    }

    // --- the job ---

    /** Job step: asks the exchange's own {@code markets} method, as FMZ would. */
    public FmzRequest request(@ExchangeProperty(JOB_EXCHANGE) String exchange, Exchange job) {
        FmzRequest markets = new FmzRequest(exchange, "markets", FmzJson.MAPPER.createObjectNode(), "", "", null);
        job.setProperty(FmzCall.REQUEST_PROPERTY, markets);
        job.setProperty(FmzCall.EXCHANGE_PROPERTY, exchange);
        job.setProperty(FmzCall.METHOD_PROPERTY, markets.method());
        return markets;
    }

    /** Job step, and after any live {@code markets} call: keeps what the exchange answered. */
    @SuppressWarnings("unchecked")
    public void update(@ExchangeProperty(FmzCall.EXCHANGE_PROPERTY) String exchange, FmzReply reply) {
        if (reply != null && reply.data() instanceof Map<?, ?> markets) {
            snapshots.put(exchange, new Snapshot((Map<String, Market>) markets, reply.raw(), clock.instant()));
        }
    }

    // --- serving markets ---

    /** Whether this FMZ call is {@code markets} and fresh rules are at hand. */
    public boolean canAnswer(@ExchangeProperty(FmzCall.EXCHANGE_PROPERTY) String exchange,
                             @ExchangeProperty(FmzCall.METHOD_PROPERTY) String method) {
        return "markets".equals(method) && fresh(exchange) != null;
    }

    public FmzReply answer(@ExchangeProperty(FmzCall.EXCHANGE_PROPERTY) String exchange) {
        Snapshot snapshot = fresh(exchange);
        return FmzReply.of(snapshot.markets(), snapshot.raw());
    }

    // --- checking orders ---

    /** Before a {@code trade} is built: refuses what the exchange's rules would refuse. */
    public void check(@ExchangeProperty(FmzCall.REQUEST_PROPERTY) FmzRequest trade) {
        Market market = market(trade.exchange(), trade.symbol());
        if (market == null) {
            return; // no rules known (yet, or a new listing): the exchange decides
        }
        BigDecimal amount = trade.decimal("amount");
        BigDecimal price = trade.decimal("price");
        boolean marketOrder = price.compareTo(BigDecimal.ONE.negate()) == 0;
        boolean buy = "buy".equals(trade.requireParam("type").toLowerCase(Locale.ROOT));
        String symbol = market.symbol();
        if (marketOrder && buy) {
            // the amount is quote currency to spend: only the notional rule applies
            atLeast("amount to spend", amount, market.minNotional(), symbol);
            return;
        }
        checkSizeAndPrice(market, amount, marketOrder ? null : price);
        if (!marketOrder) {
            atLeast("order value (price × amount)", price.multiply(amount), market.minNotional(), symbol);
        }
    }

    /**
     * Before a contract {@code trade} is built, against the contract's own rules (its route looks
     * them up with the contract): amount in the exchange's order unit, whatever the side (there is
     * no quote-currency market buy on contracts), and the minimum order value only for orders that
     * may open a position, since an exchange exempts reduce-only ones (Binance USDⓈ-M's
     * MIN_NOTIONAL). Nothing is rounded here either.
     */
    public void checkContract(@ExchangeProperty(FmzCall.REQUEST_PROPERTY) FmzRequest trade,
                              @ExchangeProperty(CONTRACT_MARKET) Market market) {
        if (market == null) {
            return;
        }
        BigDecimal amount = trade.decimal("amount");
        BigDecimal price = trade.decimal("price");
        boolean marketOrder = price.compareTo(BigDecimal.ONE.negate()) == 0;
        checkSizeAndPrice(market, amount, marketOrder ? null : price);
        if (!marketOrder && !FuturesSide.parse(trade.requireParam("type")).closes()) {
            atLeast("order value (price × amount)", price.multiply(amount), market.minNotional(), market.symbol());
        }
    }

    /** The exchange's fresh rules for one symbol, or null when none are kept for it. */
    public Market market(String exchange, FmzSymbol symbol) {
        Snapshot snapshot = fresh(exchange);
        return snapshot == null ? null : snapshot.markets().get(symbol.toString());
    }

    /** When the exchange's rules were last kept, fresh or not; null when never. */
    public Instant keptAt(String exchange) {
        Snapshot snapshot = snapshots.get(exchange);
        return snapshot == null ? null : snapshot.at();
    }

    /** Tick (for a limit price), lot, minimum and maximum size. */
    private static void checkSizeAndPrice(Market market, BigDecimal amount, BigDecimal limitPrice) {
        String symbol = market.symbol();
        if (limitPrice != null) {
            multipleOf("price", limitPrice, market.tickAt(limitPrice), symbol);
        }
        multipleOf("amount", amount, market.amountSize(), symbol);
        atLeast("amount", amount, market.minQty(), symbol);
        if (positive(market.maxQty()) && amount.compareTo(market.maxQty()) > 0) {
            throw new FmzError("amount " + amount.toPlainString() + " is above " + symbol + "'s maximum "
                    + market.maxQty().stripTrailingZeros().toPlainString());
        }
    }

    private Snapshot fresh(String exchange) {
        Snapshot snapshot = snapshots.get(exchange);
        return snapshot != null && snapshot.at().plus(freshFor).isAfter(clock.instant()) ? snapshot : null;
    }

    private static void multipleOf(String what, BigDecimal value, BigDecimal step, String symbol) {
        if (positive(step) && value.remainder(step).signum() != 0) {
            BigDecimal below = value.subtract(value.remainder(step));
            throw new FmzError(what + " " + value.toPlainString() + " is not a multiple of " + symbol + "'s step "
                    + step.stripTrailingZeros().toPlainString() + " (" + below.stripTrailingZeros().toPlainString() + " or "
                    + below.add(step).stripTrailingZeros().toPlainString() + " would be); the bridge does not round");
        }
    }

    private static void atLeast(String what, BigDecimal value, BigDecimal minimum, String symbol) {
        if (positive(minimum) && value.compareTo(minimum) < 0) {
            throw new FmzError(what + " " + value.stripTrailingZeros().toPlainString() + " is below " + symbol
                    + "'s minimum " + minimum.stripTrailingZeros().toPlainString());
        }
    }

    private static boolean positive(BigDecimal value) {
        return value != null && value.signum() > 0;
    }
}
