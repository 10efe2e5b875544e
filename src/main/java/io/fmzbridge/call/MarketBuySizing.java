package io.fmzbridge.call;

import io.fmzbridge.fmz.FmzCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzReply;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.Market;
import io.fmzbridge.fmz.MarketBuy;
import io.fmzbridge.fmz.OrderRequest;
import io.fmzbridge.fmz.Ticker;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * The route steps that let an exchange which sizes every order in base currency take FMZ's market
 * buy, whose amount is the quote currency to spend: the route reads the exchange's best ask just
 * before placing, {@link #atBestAsk} converts with the market rules the bridge keeps (see
 * {@link MarketBuy}) and leaves the result in property {@value #PROPERTY} for the exchange's request
 * builder, and {@link #withSizing} puts the ask used and the amount sent next to the exchange's reply.
 */
public final class MarketBuySizing {

    /** Exchange property: the {@link MarketBuy} a market buy is sent as. */
    public static final String PROPERTY = "marketBuy";

    private final MarketRules rules;

    public MarketBuySizing(MarketRules rules) {
        this.rules = rules;
    }

    /** Whether this {@code trade} is FMZ's market buy, an amount of quote currency to spend. */
    public boolean spendsQuote(@ExchangeProperty(FmzCall.REQUEST_PROPERTY) FmzRequest trade) {
        try {
            return OrderRequest.of(trade).amountIsQuote();
        } catch (FmzError malformed) {
            return false; // the exchange's request builder reads it again and says what is wrong
        }
    }

    /** Before the ask is read: without the market's rules its amount step is unknown, so nothing is asked. */
    public void requireRules(@ExchangeProperty(FmzCall.REQUEST_PROPERTY) FmzRequest trade) {
        rulesFor(trade);
    }

    /** The ticker's best ask ({@code sell}) sizes the order; the FMZ request goes on as the body. */
    public FmzRequest atBestAsk(@Body FmzReply ticker, @ExchangeProperty(FmzCall.REQUEST_PROPERTY) FmzRequest trade,
                                Exchange exchange) {
        if (!(ticker.data() instanceof Ticker best)) {
            throw new IllegalStateException("a market buy is sized from a ticker, got " + ticker.data());
        }
        exchange.setProperty(PROPERTY, MarketBuy.atBestAsk(OrderRequest.of(trade).amount(), best.sell(), rulesFor(trade)));
        return trade;
    }

    /** After the placement: a sized market buy's {@code raw} is its sizing and the exchange's reply. */
    public FmzReply withSizing(@Body FmzReply placed, @ExchangeProperty(PROPERTY) MarketBuy sized) {
        if (sized == null) {
            return placed;
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("marketBuy", sized);
        raw.put("reply", placed.raw());
        return FmzReply.of(placed.data(), raw);
    }

    private Market rulesFor(FmzRequest trade) {
        Market market = rules.market(trade.exchange(), trade.symbol());
        if (market == null) {
            String symbol = trade.symbol().toString();
            throw new FmzError("a market buy of " + symbol + " spends quote currency, converted here to base currency"
                    + " at the best ask and cut to " + symbol + "'s amount step, but no market rules are kept for "
                    + symbol + " (fmz.markets.sync-enabled); nothing was sent");
        }
        return market;
    }
}
