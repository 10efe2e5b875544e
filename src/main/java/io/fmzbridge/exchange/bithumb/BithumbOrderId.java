package io.fmzbridge.exchange.bithumb;

import io.fmzbridge.exchange.upbitstyle.MarketCodes;
import io.fmzbridge.fmz.FmzOrderId;
import io.fmzbridge.fmz.FmzRequest;
import java.util.regex.Pattern;

/**
 * The order id the bridge gives FMZ, {@code KRW-BTC,C0101000000001799625}: the market and
 * Bithumb's order id (its {@code uuid} on the reading side). Bithumb finds an order by its id
 * alone, so a bare id is accepted too.
 */
record BithumbOrderId(String market, String orderId) {

    private static final Pattern ORDER_ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");
    private static final String EXAMPLE = "KRW-BTC,C0101000000001799625";

    static BithumbOrderId parse(FmzRequest request) {
        FmzOrderId id = FmzOrderId.split(request.requireParam("id"), ORDER_ID.asMatchPredicate(), MarketCodes::isCode, EXAMPLE);
        return new BithumbOrderId(id.market(), id.orderId());
    }
}
