package io.fmzbridge.exchange.bitfinex;

import io.fmzbridge.fmz.FmzError;
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
    private static final String MALFORMED = "order id must look like tBTCUST,156523558501";

    static BitfinexOrderId parse(FmzRequest request) {
        String id = request.requireParam("id");
        int comma = id.indexOf(',');
        String number = comma < 0 ? id : id.substring(comma + 1);
        if (!ID.matcher(number).matches()) {
            throw new FmzError(MALFORMED);
        }
        String pair = comma < 0 ? BitfinexSymbol.of(request.symbol()) : id.substring(0, comma);
        if (!PAIR.matcher(pair).matches()) {
            throw new FmzError(MALFORMED);
        }
        return new BitfinexOrderId(pair, Long.parseLong(number));
    }

    @Override
    public String toString() {
        return pair + "," + id;
    }
}
