package io.fmzbridge.declarative;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.fmz.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Where FMZ's tickers of every market are: {@code list} points at the rows and {@code symbol} at each
 * row's pair as the exchange spells it; each row is read with the {@code ticker} pointers. A row whose
 * pair the bridge has not learned from the exchange's {@code markets} (a pair listed since) is left
 * out of FMZ's list; the exchange's reply, every row, is in {@code raw}.
 */
public final class TickersFields {

    private JsonPointer list;
    private ReplyField symbol;

    List<Ticker> read(JsonNode reply, TickerFields fields, Function<String, FmzSymbol> known, ReplyTime unit, long arrived) {
        if (list == null || symbol == null) {
            throw new FmzError("tickers." + (list == null ? "list" : "symbol") + " is not declared in the exchange's route file");
        }
        List<Ticker> tickers = new ArrayList<>();
        for (JsonNode row : ReplyField.part(reply, list, "tickers")) {
            FmzSymbol pair = known.apply(symbol.text(row));
            if (pair != null) {
                tickers.add(fields.row(row, pair, unit, arrived));
            }
        }
        return tickers;
    }

    public void setList(String pointer) {
        list = ReplyField.compile("tickers.list", pointer);
    }

    public void setSymbol(String pointer) {
        symbol = ReplyField.of("tickers.symbol", pointer);
    }

    List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (list == null) missing.add("tickers.list");
        if (symbol == null) missing.add("tickers.symbol");
        return missing;
    }

    @Override
    public String toString() {
        return Vocabulary.of("tickers", TickersFields.class);
    }
}
