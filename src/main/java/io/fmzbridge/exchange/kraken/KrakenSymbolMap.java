package io.fmzbridge.exchange.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzSymbol;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kraken's names ↔ FMZ's, from the AssetPairs and Assets listings. Kraken's asset ids carry legacy
 * X/Z prefixes ({@code XXBT}, {@code ZUSD}) that newer assets lack ({@code USDT}, {@code DOT}), so no
 * string rule recovers the currency: each asset id is read through its Assets {@code altname}, and the
 * two assets Kraken names unlike everyone else are renamed ({@code XBT} → BTC, {@code XDG} → DOGE).
 * Immutable; replaced whole on reload.
 */
public record KrakenSymbolMap(Map<FmzSymbol, KrakenPair> bySymbol, Map<String, KrakenPair> byName,
                              Map<String, String> currencyByAsset) {

    public static final KrakenSymbolMap EMPTY = new KrakenSymbolMap(Map.of(), Map.of(), Map.of());

    /** Kraken's own names for two assets everyone else calls BTC and DOGE. */
    private static final Map<String, String> RENAMED = Map.of("XBT", "BTC", "XDG", "DOGE");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z0-9]{1,20}");

    public KrakenSymbolMap {
        bySymbol = Map.copyOf(bySymbol);
        byName = Map.copyOf(byName);
        currencyByAsset = Map.copyOf(currencyByAsset);
    }

    /** From the {@code result} objects of {@code /0/public/AssetPairs} and {@code /0/public/Assets}. */
    public static KrakenSymbolMap from(JsonNode assetPairs, JsonNode assets) {
        if (!assetPairs.isObject() || !assets.isObject()) {
            throw new FmzError("Kraken's AssetPairs or Assets listing came without its result");
        }
        Map<String, String> currencies = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = assets.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> asset = it.next();
            String altname = asset.getValue().path("altname").asText(asset.getKey());
            currencies.put(asset.getKey(), RENAMED.getOrDefault(altname, altname));
        }
        Map<FmzSymbol, KrakenPair> bySymbol = new LinkedHashMap<>();
        Map<String, KrakenPair> byName = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = assetPairs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode info = entry.getValue();
            String altname = info.path("altname").asText("");
            String base = currencies.get(info.path("base").asText());
            String quote = currencies.get(info.path("quote").asText());
            // dark-pool twins (altname XBTUSD.d) share the currencies but are another book
            if (altname.isEmpty() || altname.endsWith(".d") || base == null || quote == null
                    || !CURRENCY.matcher(base).matches() || !CURRENCY.matcher(quote).matches()) {
                continue;
            }
            KrakenPair pair = new KrakenPair(entry.getKey(), altname, new FmzSymbol(base, quote, null), info);
            bySymbol.putIfAbsent(pair.symbol(), pair);
            byName.put(entry.getKey(), pair);
            byName.put(altname, pair);
            String wsname = info.path("wsname").asText("");
            if (!wsname.isEmpty()) {
                byName.put(wsname, pair);
            }
        }
        return new KrakenSymbolMap(bySymbol, byName, currencies);
    }

    public boolean isEmpty() {
        return bySymbol.isEmpty();
    }

    public boolean knows(FmzSymbol symbol) {
        return bySymbol.containsKey(symbol);
    }

    /** The pair FMZ asks for; a clear error for a contract or a pair Kraken does not list. */
    public KrakenPair pair(FmzSymbol symbol) {
        if (!symbol.isSpot()) {
            throw new FmzError("contract symbols like " + symbol + " are not served for Kraken; use a spot symbol like BTC_USD");
        }
        KrakenPair pair = bySymbol.get(symbol);
        if (pair == null) {
            throw new FmzError("Kraken lists no pair " + symbol + " (AssetPairs)");
        }
        return pair;
    }

    /** A pair as a Kraken reply names it: its id ({@code XXBTZUSD}), altname or wsname. */
    public Optional<KrakenPair> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public KrakenPair requireNamed(String name) {
        return named(name).orElseThrow(() -> new FmzError("Kraken pair '" + name + "' is not in Kraken's AssetPairs"));
    }

    /** FMZ's name of a Kraken asset id ({@code XXBT} → BTC); ids Assets does not list (KFEE, USD.HOLD) stay as they are. */
    public String currency(String assetId) {
        return currencyByAsset.getOrDefault(assetId, assetId);
    }

    @Override
    public String toString() {
        return "KrakenSymbolMap[" + bySymbol.size() + " pairs]";
    }
}
