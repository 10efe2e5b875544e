package io.fmzbridge.exchange.upbit;

import io.fmzbridge.exchange.upbitstyle.MarketCodes;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzRequest;
import java.util.regex.Pattern;

/**
 * The order id the bridge gives FMZ, {@code KRW-BTC,cdd92199-2897-4e14-9448-f923320408ad}: the
 * market and Upbit's uuid. Upbit finds an order by uuid alone, so a bare uuid is accepted too.
 */
record UpbitOrderId(String market, String uuid) {

    private static final Pattern UUID = Pattern.compile("[0-9A-Za-z-]{1,64}");
    private static final String MALFORMED = "order id must look like KRW-BTC,cdd92199-2897-4e14-9448-f923320408ad";

    static UpbitOrderId parse(FmzRequest request) {
        String id = request.requireParam("id");
        int comma = id.indexOf(',');
        String uuid = comma < 0 ? id : id.substring(comma + 1);
        String market = comma < 0 ? null : id.substring(0, comma);
        if (!UUID.matcher(uuid).matches() || (market != null && !MarketCodes.isCode(market))) {
            throw new FmzError(MALFORMED);
        }
        return new UpbitOrderId(market, uuid);
    }
}
