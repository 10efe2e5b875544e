package io.fmzbridge.declarative;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzSymbol;
import java.util.Locale;
import java.util.Map;

/** The exchange's words for buy and sell in its replies, read case-insensitively: {@code "buy=bid, sell=ask"}. */
final class SideWords {

    private final String buy;
    private final String sell;

    SideWords(Map<String, String> fmzToExchange) {
        this.buy = fmzToExchange.get("buy").toLowerCase(Locale.ROOT);
        this.sell = fmzToExchange.get("sell").toLowerCase(Locale.ROOT);
    }

    static SideWords standard() {
        return new SideWords(Map.of("buy", "buy", "sell", "sell"));
    }

    String fmz(ReplyField field, JsonNode row) {
        String word = field.text(row);
        String lower = word.toLowerCase(Locale.ROOT);
        if (lower.equals(buy)) {
            return "buy";
        }
        if (lower.equals(sell)) {
            return "sell";
        }
        throw new FmzError("reply has '" + FmzSymbol.printable(word) + "' for a side where " + buy + " or " + sell + " belongs");
    }
}
