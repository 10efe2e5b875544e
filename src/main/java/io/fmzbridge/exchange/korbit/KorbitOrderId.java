package io.fmzbridge.exchange.korbit;

import io.fmzbridge.fmz.FmzOrderId;
import io.fmzbridge.fmz.FmzRequest;
import java.util.regex.Pattern;

/**
 * The order id the bridge gives FMZ, {@code btc_krw,1234}: Korbit needs the symbol with every
 * order query, so the id carries it and {@code order}/{@code cancel} work from the id alone. A bare
 * Korbit id is accepted too, with the symbol taken from {@code symbol}.
 */
record KorbitOrderId(String pair, String orderId) {

    private static final Pattern ORDER_ID = Pattern.compile("\\d{1,20}");
    private static final Pattern PAIR = Pattern.compile("[a-z0-9]{1,20}_[a-z0-9]{1,20}");
    private static final String EXAMPLE = "btc_krw,1234";

    static KorbitOrderId parse(FmzRequest request) {
        FmzOrderId id = FmzOrderId.withMarket(request, ORDER_ID.asMatchPredicate(), PAIR.asMatchPredicate(),
                KorbitRequests::pair, EXAMPLE);
        return new KorbitOrderId(id.market(), id.orderId());
    }

    @Override
    public String toString() {
        return pair + "," + orderId;
    }
}
