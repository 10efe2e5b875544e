package io.fmzbridge.exchange.coinone;

import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzRequest;
import java.util.regex.Pattern;

/**
 * The order id the bridge gives FMZ, {@code KRW/BTC,<order_id>}: Coinone needs the pair with every
 * order query, so the id carries it and {@code order}/{@code cancel} work from the id alone. A bare
 * Coinone order id (a UUID) is accepted too, with the pair taken from {@code symbol}.
 */
record CoinoneOrderId(CoinonePair pair, String orderId) {

    private static final Pattern ORDER_ID = Pattern.compile("[0-9A-Za-z-]{1,64}");
    private static final Pattern PAIR = Pattern.compile("([A-Z0-9]{1,20})/([A-Z0-9]{1,20})");
    private static final String MALFORMED = "order id must look like KRW/BTC,0f1c26d0-1e4d-11e9-9ec7-00e04c3600d7";

    static CoinoneOrderId parse(FmzRequest request) {
        String id = request.requireParam("id");
        int comma = id.indexOf(',');
        String orderId = comma < 0 ? id : id.substring(comma + 1);
        if (!ORDER_ID.matcher(orderId).matches()) {
            throw new FmzError(MALFORMED);
        }
        if (comma < 0) {
            return new CoinoneOrderId(CoinonePair.of(request.symbol()), orderId);
        }
        var pair = PAIR.matcher(id.substring(0, comma));
        if (!pair.matches()) {
            throw new FmzError(MALFORMED);
        }
        return new CoinoneOrderId(new CoinonePair(pair.group(1), pair.group(2)), orderId);
    }

    @Override
    public String toString() {
        return pair.path() + "," + orderId;
    }
}
