package io.fmzbridge.exchange.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzSymbol;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Binance symbol → FMZ symbol, from {@code exchangeInfo.symbols[].baseAsset/quoteAsset}. The reverse of
 * {@code BTC_USDT → BTCUSDT} cannot be guessed from the text: {@code USDTTRY} is USDT/TRY, {@code BNBFDUSD}
 * is BNB/FDUSD, and no list of quote assets stays right for long. Immutable; replaced whole on reload.
 */
public record BinanceSymbolMap(Map<String, FmzSymbol> bySymbol) {

    public static final BinanceSymbolMap EMPTY = new BinanceSymbolMap(Map.of());

    public BinanceSymbolMap {
        bySymbol = Map.copyOf(bySymbol);
    }

    public static BinanceSymbolMap from(JsonNode exchangeInfo) {
        JsonNode symbols = exchangeInfo.path("symbols");
        if (!symbols.isArray()) {
            throw new FmzError("Binance exchangeInfo came without a symbols list");
        }
        Map<String, FmzSymbol> bySymbol = new HashMap<>();
        for (JsonNode s : symbols) {
            String symbol = s.path("symbol").asText("");
            String base = s.path("baseAsset").asText("");
            String quote = s.path("quoteAsset").asText("");
            if (!symbol.isEmpty() && !base.isEmpty() && !quote.isEmpty()) {
                bySymbol.put(symbol, new FmzSymbol(base, quote, null));
            }
        }
        return new BinanceSymbolMap(bySymbol);
    }

    public boolean knows(String symbol) {
        return bySymbol.containsKey(symbol);
    }

    public Optional<FmzSymbol> find(String symbol) {
        return Optional.ofNullable(bySymbol.get(symbol));
    }

    /** The FMZ symbol of a Binance symbol that a Binance reply named, so it exists. */
    public FmzSymbol fmzSymbol(String symbol) {
        return find(symbol).orElseThrow(() -> new FmzError("Binance symbol '" + symbol
                + "' is not in Binance's exchangeInfo, so its base and quote asset are unknown"));
    }

    public boolean isEmpty() {
        return bySymbol.isEmpty();
    }
}
