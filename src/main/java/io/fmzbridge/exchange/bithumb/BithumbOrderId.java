package io.fmzbridge.exchange.bithumb;

import io.fmzbridge.exchange.upbitstyle.MarketCodes;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzRequest;
import java.util.regex.Pattern;

/**
 * The order id the bridge gives FMZ, {@code KRW-BTC,C0101000000001799625}: the market and
 * Bithumb's order id (its {@code uuid} on the reading side). Bithumb finds an order by its id
 * alone, so a bare id is accepted too.
 */
record BithumbOrderId(String market, String orderId) {

    private static final Pattern ORDER_ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");
    private static final String MALFORMED = "order id must look like KRW-BTC,C0101000000001799625";

    static BithumbOrderId parse(FmzRequest request) {
        String id = request.requireParam("id");
        int comma = id.indexOf(',');
        String orderId = comma < 0 ? id : id.substring(comma + 1);
        String market = comma < 0 ? null : id.substring(0, comma);
        if (!ORDER_ID.matcher(orderId).matches() || (market != null && !MarketCodes.isCode(market))) {
            throw new FmzError(MALFORMED);
        }
        return new BithumbOrderId(market, orderId);
    }
}
