package io.fmzbridge.exchange.backpack;

import io.fmzbridge.fmz.FmzOrderId;
import io.fmzbridge.fmz.FmzRequest;
import java.util.regex.Pattern;

/**
 * The order id the bridge gives FMZ, {@code SOL_USDC,4227701917}: Backpack wants the market with
 * every order query, so the id carries it and {@code order}/{@code cancel} work from the id alone.
 * A bare Backpack id is accepted too, with the market taken from {@code symbol}.
 */
record BackpackOrderId(String symbol, String orderId) {

    private static final Pattern ORDER_ID = Pattern.compile("[0-9A-Za-z-]{1,64}");
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{1,20}_[A-Z0-9]{1,20}");
    private static final String EXAMPLE = "SOL_USDC,4227701917";

    static BackpackOrderId parse(FmzRequest request) {
        FmzOrderId id = FmzOrderId.withMarket(request, ORDER_ID.asMatchPredicate(), SYMBOL.asMatchPredicate(),
                BackpackRequests::symbol, EXAMPLE);
        return new BackpackOrderId(id.market(), id.orderId());
    }

    @Override
    public String toString() {
        return symbol + "," + orderId;
    }
}
