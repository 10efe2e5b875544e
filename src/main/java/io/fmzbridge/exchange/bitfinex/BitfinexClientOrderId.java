package io.fmzbridge.exchange.bitfinex;

import io.fmzbridge.fmz.FmzError;
import java.time.LocalDate;

/**
 * A Bitfinex client order id: the number {@code cid} sent with the order, which Bitfinex keys by the
 * UTC date the order was made ({@code cid_date}, docs "Cancel order": {@code {cid, cid_date}}). Written
 * {@code 2805437196@2024-06-05} wherever the bridge passes it on.
 */
record BitfinexClientOrderId(long cid, LocalDate date) {

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
