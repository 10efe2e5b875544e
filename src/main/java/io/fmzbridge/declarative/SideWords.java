package io.fmzbridge.declarative;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzSymbol;
import java.util.Locale;
import java.util.Map;

/** The exchange's words for buy and sell in its replies, read case-insensitively: {@code "buy=bid, sell=ask"}. */
final class SideWords {

    private final Map<String, String> byWord;

    SideWords(Map<String, String> fmzToExchange) {
        this.byWord = Map.of(fmzToExchange.get("buy").toLowerCase(Locale.ROOT), "buy",
                fmzToExchange.get("sell").toLowerCase(Locale.ROOT), "sell");
    }

    static SideWords standard() {
        return new SideWords(Map.of("buy", "buy", "sell", "sell"));
    }

    String fmz(ReplyField field, JsonNode row) {
        String word = field.text(row);
        String side = byWord.get(word.toLowerCase(Locale.ROOT));
        if (side == null) {
            throw new FmzError("reply has '" + FmzSymbol.printable(word) + "' for a side where one of " + byWord.keySet() + " belongs");
        }
        return side;
    }
}
