package io.fmzbridge.exchange.coinbase;

import io.fmzbridge.fmz.FmzOrderId;
import io.fmzbridge.fmz.FmzRequest;
import java.util.regex.Pattern;

/**
 * The order id the bridge gives FMZ, {@code BTC-USD,52cfe5e2-0b29-4c19-a245-a6a773de5030}: FMZ's
 * convention of product and exchange id. Coinbase finds an order by its UUID alone, so a bare UUID
 * is accepted as well.
 */
record CoinbaseOrderId(String productId, String orderId) {

    private static final Pattern ORDER_ID = Pattern.compile("[0-9A-Za-z-]{1,64}");
    private static final Pattern PRODUCT_ID = Pattern.compile("[A-Z0-9]{1,20}-[A-Z0-9]{1,20}");
    static final String EXAMPLE = "BTC-USD,52cfe5e2-0b29-4c19-a245-a6a773de5030";

    static CoinbaseOrderId parse(FmzRequest request) {
        FmzOrderId id = FmzOrderId.split(request.requireParam("id").trim(), ORDER_ID.asMatchPredicate(),
                PRODUCT_ID.asMatchPredicate(), EXAMPLE);
        return new CoinbaseOrderId(id.market(), id.orderId());
    }

    @Override
    public String toString() {
        return productId + "," + orderId;
    }
}
