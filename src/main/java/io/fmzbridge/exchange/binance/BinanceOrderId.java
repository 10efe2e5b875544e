package io.fmzbridge.exchange.binance;

import io.fmzbridge.fmz.FmzOrderId;
import io.fmzbridge.fmz.FmzRequest;
import java.util.regex.Pattern;

/**
 * The order id the bridge gives FMZ, {@code BTCUSDT,28}: every Binance order query and cancel needs the
 * symbol, so the id carries it and {@code order}/{@code cancel} work from the id alone. A bare Binance
 * order id is accepted too, with the symbol taken from {@code symbol}.
 */
record BinanceOrderId(String symbol, String orderId) {

    private static final Pattern ORDER_ID = Pattern.compile("\\d{1,19}");
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{2,40}");
    private static final String EXAMPLE = "BTCUSDT,28";

    static BinanceOrderId parse(FmzRequest request) {
        FmzOrderId id = FmzOrderId.withMarket(request, request.requireParam("id").trim(), ORDER_ID.asMatchPredicate(),
                SYMBOL.asMatchPredicate(), BinanceRequests::symbol, EXAMPLE);
        return new BinanceOrderId(id.market(), id.orderId());
    }

    @Override
    public String toString() {
        return symbol + "," + orderId;
    }
}
