package io.fmzbridge.exchange.upbit;

import static io.fmzbridge.fmz.FmzJson.decimal;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.exchange.upbitstyle.MarketCodes;
import io.fmzbridge.exchange.upbitstyle.UpbitStyleMapper;
import io.fmzbridge.exchange.upbitstyle.UpbitStyleReplies;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzReply;
import io.fmzbridge.fmz.Market;
import io.fmzbridge.fmz.PlacedOrder;
import io.fmzbridge.fmz.TickBands;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Variable;

/** Upbit v1 replies → FMZ shapes (the dialect's shapes are read in {@link UpbitStyleReplies}). */
public final class UpbitMapper extends UpbitStyleMapper {

    private static final String LABEL = UpbitRequests.LABEL;
    /** Amounts: Upbit shows volumes to 8 decimals (inferred; no lot size is documented). */
    private static final BigDecimal LOT = new BigDecimal("0.00000001");
    /** Decimals a price may have where no tick rule is known (inferred). */
    private static final int UNKNOWN_PRICE_DECIMALS = 8;

    public UpbitMapper() {
        super(LABEL);
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

    public FmzReply placed(JsonNode reply) {
        String uuid = reply.path("uuid").asText("");
        if (uuid.isEmpty()) {
            throw new FmzError("Upbit accepted the order request but returned no uuid");
        }
        return FmzReply.of(new PlacedOrder(reply.path("market").asText() + "," + uuid), reply);
    }

    /** DELETE /v1/order answers the order as it was when the cancel was accepted. */
    public FmzReply canceled(JsonNode reply) {
        if (reply.path("uuid").asText("").isEmpty()) {
            throw new FmzError("Upbit answered the cancel without the order's uuid");
        }
        return FmzReply.of(true, reply);
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }
}
