package io.fmzbridge.exchange.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzSymbol;

/**
 * One Kraken asset pair: its id, which keys Kraken's replies ({@code XXBTZUSD}), its altname, which
 * the bridge sends ({@code XBTUSD}) and which orders name ({@code descr.pair}), the FMZ symbol
 * ({@code BTC_USD}) and the AssetPairs entry with its trading rules.
 */
public record KrakenPair(String id, String altname, FmzSymbol symbol, JsonNode info) {

    @Override
    public String toString() {
        return id + "(" + symbol + ")";
    }
}
