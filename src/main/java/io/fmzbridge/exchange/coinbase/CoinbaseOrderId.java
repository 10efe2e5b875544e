package io.fmzbridge.exchange.coinbase;

import io.fmzbridge.fmz.FmzError;
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
    static final String MALFORMED = "order id must look like BTC-USD,52cfe5e2-0b29-4c19-a245-a6a773de5030";

    static CoinbaseOrderId parse(FmzRequest request) {
        String id = request.requireParam("id").trim();
        int comma = id.indexOf(',');
        String orderId = comma < 0 ? id : id.substring(comma + 1);
        String productId = comma < 0 ? null : id.substring(0, comma);
        if (!ORDER_ID.matcher(orderId).matches() || (productId != null && !PRODUCT_ID.matcher(productId).matches())) {
            throw new FmzError(MALFORMED);
        }
        return new CoinbaseOrderId(productId, orderId);
    }

    @Override
    public String toString() {
        return productId + "," + orderId;
    }
}
