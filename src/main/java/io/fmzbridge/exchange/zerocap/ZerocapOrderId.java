package io.fmzbridge.exchange.zerocap;

import io.fmzbridge.fmz.FmzError;
import java.util.regex.Pattern;

/**
 * The order id the bridge gives FMZ, {@code USDT/AUD,d8dabfbd-e541-4262-b6c2-9f841ef220f6}, after
 * FMZ's {@code <exchange symbol>,<exchange order id>} convention. Zerocap's {@code fetch_order}
 * needs only the order id, so a bare Zerocap id is accepted as well.
 */
record ZerocapOrderId(String symbol, String orderId) {

    private static final Pattern ORDER_ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{1,20}/[A-Z0-9]{1,20}");
    private static final String MALFORMED = "order id must look like USDT/AUD,d8dabfbd-e541-4262-b6c2-9f841ef220f6";

    static ZerocapOrderId parse(String id) {
        int comma = id.indexOf(',');
        String orderId = comma < 0 ? id.trim() : id.substring(comma + 1).trim();
        String symbol = comma < 0 ? "" : id.substring(0, comma).trim();
        if (!ORDER_ID.matcher(orderId).matches() || (comma >= 0 && !SYMBOL.matcher(symbol).matches())) {
            throw new FmzError(MALFORMED);
        }
        return new ZerocapOrderId(symbol, orderId);
    }

    static String of(String zerocapSymbol, String orderId) {
        return zerocapSymbol + "," + orderId;
    }
}
