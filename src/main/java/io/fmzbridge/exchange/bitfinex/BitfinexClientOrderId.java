package io.fmzbridge.exchange.bitfinex;

import io.fmzbridge.call.ClientOrderIds;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzRequest;
import java.time.LocalDate;

/**
 * A Bitfinex client order id: the number {@code cid} sent with the order, which Bitfinex keys by the
 * UTC date the order was made ({@code cid_date}, docs "Cancel order": {@code {cid, cid_date}}). Written
 * {@code 2805437196@2024-06-05} wherever the bridge passes it on.
 */
record BitfinexClientOrderId(long cid, LocalDate date) {

    /** Bitfinex's cid is an int45 (docs, "New Order": {@code cid int45}): the largest one. */
    static final long MAX_CID = (1L << 45) - 1;
    /** Hex digits of the request digest read: 48 bits, of which the low 45 are kept. */
    private static final int DIGEST_HEX_DIGITS = 12;

    /**
     * The cid of an FMZ order: 45 bits of its digest, the whole range Bitfinex takes, so that two
     * different orders of a day share a cid about once in 10^6 days at 10,000 orders a day (32 bits:
     * about once in 100 days), and a retried FMZ request keeps its cid.
     */
    static long cidOf(FmzRequest request) {
        String hex = ClientOrderIds.hex(request, "fmz".length() + DIGEST_HEX_DIGITS).substring("fmz".length());
        return Long.parseLong(hex, 16) & MAX_CID;
    }

    static BitfinexClientOrderId parse(String text) {
        int at = text.indexOf('@');
        try {
            return new BitfinexClientOrderId(Long.parseLong(text.substring(0, at)), LocalDate.parse(text.substring(at + 1)));
        } catch (RuntimeException e) {
            throw new FmzError("client order id must look like 2805437196@2024-06-05");
        }
    }

    @Override
    public String toString() {
        return cid + "@" + date;
    }
}
