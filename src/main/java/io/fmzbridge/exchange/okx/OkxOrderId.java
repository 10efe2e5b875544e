package io.fmzbridge.exchange.okx;

import io.fmzbridge.fmz.FmzOrderId;
import io.fmzbridge.fmz.FmzRequest;
import java.util.regex.Pattern;

/**
 * The order id the bridge gives FMZ, {@code BTC-USDT,312269865356374016}: OKX needs the instrument
 * with every order query, so the id carries it and {@code order}/{@code cancel} work from the id
 * alone. A bare OKX id is accepted too, with the instrument taken from {@code symbol}.
 */
record OkxOrderId(String instId, String ordId) {

    private static final Pattern ORD_ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");
    private static final Pattern INST_ID = Pattern.compile("[A-Z0-9]{1,20}-[A-Z0-9]{1,20}");
    private static final String EXAMPLE = "BTC-USDT,312269865356374016";

    static OkxOrderId parse(FmzRequest request) {
        FmzOrderId id = FmzOrderId.withMarket(request, ORD_ID.asMatchPredicate(), INST_ID.asMatchPredicate(),
                OkxRequests::instId, EXAMPLE);
        return new OkxOrderId(id.market(), id.orderId());
    }

    @Override
    public String toString() {
        return instId + "," + ordId;
    }
}
