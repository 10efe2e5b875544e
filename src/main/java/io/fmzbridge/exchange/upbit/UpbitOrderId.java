package io.fmzbridge.exchange.upbit;

import io.fmzbridge.exchange.upbitstyle.MarketCodes;
import io.fmzbridge.fmz.FmzOrderId;
import io.fmzbridge.fmz.FmzRequest;
import java.util.regex.Pattern;

/**
 * The order id the bridge gives FMZ, {@code KRW-BTC,cdd92199-2897-4e14-9448-f923320408ad}: the
 * market and Upbit's uuid. Upbit finds an order by uuid alone, so a bare uuid is accepted too.
 */
record UpbitOrderId(String market, String uuid) {

    private static final Pattern UUID = Pattern.compile("[0-9A-Za-z-]{1,64}");
    private static final String EXAMPLE = "KRW-BTC,cdd92199-2897-4e14-9448-f923320408ad";

    static UpbitOrderId parse(FmzRequest request) {
        FmzOrderId id = FmzOrderId.split(request.requireParam("id"), UUID.asMatchPredicate(), MarketCodes::isCode, EXAMPLE);
        return new UpbitOrderId(id.market(), id.orderId());
    }
}
