package io.fmzbridge.exchange.binance;

import io.fmzbridge.fmz.FmzError;
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
    private static final String MALFORMED = "order id must look like BTCUSDT,28";

    static BinanceOrderId parse(FmzRequest request) {
        String id = request.requireParam("id").trim();
        int comma = id.indexOf(',');
        String orderId = comma < 0 ? id : id.substring(comma + 1);
        if (!ORDER_ID.matcher(orderId).matches()) {
            throw new FmzError(MALFORMED);
        }
        String symbol = comma < 0 ? BinanceRequests.symbol(request.symbol()) : id.substring(0, comma);
        if (!SYMBOL.matcher(symbol).matches()) {
            throw new FmzError(MALFORMED);
        }
        return new BinanceOrderId(symbol, orderId);
    }

    @Override
    public String toString() {
        return symbol + "," + orderId;
    }
}
