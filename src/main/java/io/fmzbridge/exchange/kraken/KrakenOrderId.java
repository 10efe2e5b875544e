package io.fmzbridge.exchange.kraken;

import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzRequest;
import java.util.regex.Pattern;

/**
 * The order id the bridge gives FMZ, {@code XBTUSD,OL7LNO-R4SAD-6UINEU}: the pair's altname and
 * Kraken's txid. Kraken finds an order by txid alone; the pair keeps FMZ's id shape and names the
 * market in logs. A bare txid is accepted too.
 */
record KrakenOrderId(String altname, String txid) {

    private static final Pattern TXID = Pattern.compile("[A-Z0-9]{6}-[A-Z0-9]{5}-[A-Z0-9]{6}");
    private static final Pattern ALTNAME = Pattern.compile("[A-Z0-9.]{1,32}");
    private static final String MALFORMED = "order id must look like XBTUSD,OL7LNO-R4SAD-6UINEU";

    static KrakenOrderId parse(FmzRequest request) {
        String id = request.requireParam("id");
        int comma = id.indexOf(',');
        String txid = comma < 0 ? id : id.substring(comma + 1);
        String altname = comma < 0 ? "" : id.substring(0, comma);
        if (!TXID.matcher(txid).matches() || (comma >= 0 && !ALTNAME.matcher(altname).matches())) {
            throw new FmzError(MALFORMED);
        }
        return new KrakenOrderId(altname, txid);
    }

    @Override
    public String toString() {
        return altname + "," + txid;
    }
}
