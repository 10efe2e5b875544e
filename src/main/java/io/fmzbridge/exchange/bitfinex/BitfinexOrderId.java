package io.fmzbridge.exchange.bitfinex;

import io.fmzbridge.fmz.FmzOrderId;
import io.fmzbridge.fmz.FmzRequest;
import java.util.regex.Pattern;

/**
 * The order id the bridge gives FMZ, {@code tBTCUST,156523558501}: Bitfinex's pair and order id, so
 * {@code order} can ask the pair's orders from the id alone. A bare order id is accepted too, with the
 * pair taken from {@code symbol}.
 */
record BitfinexOrderId(String pair, long id) {

    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");
    private static final Pattern PAIR = Pattern.compile("t[A-Z0-9]{1,20}(:[A-Z0-9]{1,20})?");
    private static final String EXAMPLE = "tBTCUST,156523558501";

    static BitfinexOrderId parse(FmzRequest request) {
        FmzOrderId id = FmzOrderId.withMarket(request, ID.asMatchPredicate(), PAIR.asMatchPredicate(),
                BitfinexSymbol::of, EXAMPLE);
        return new BitfinexOrderId(id.market(), Long.parseLong(id.orderId()));
    }

    @Override
    public String toString() {
        return pair + "," + id;
    }
}
