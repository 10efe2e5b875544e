package io.fmzbridge.declarative;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.fmz.Ticker;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Where FMZ's ticker fields are in the exchange's ticker reply: {@code item} points at the ticker
 * object, every other pointer is relative to it. {@code buy}, {@code sell} and {@code last} must be
 * declared; a 24 h figure the exchange does not offer is left undeclared and reads 0; without
 * {@code time} the ticker carries the time its reply arrived.
 */
public final class TickerFields {

    private JsonPointer item = JsonPointer.empty();
    private ReplyField buy;
    private ReplyField sell;
    private ReplyField high;
    private ReplyField low;
    private ReplyField open;
    private ReplyField last;
    private ReplyField vol;
    private ReplyField time;

    Ticker read(JsonNode reply, FmzSymbol symbol, ReplyTime unit, long arrived) {
        return row(ReplyField.part(reply, item, "ticker"), symbol, unit, arrived);
    }

    /** One ticker object, wherever it stands (a row of the exchange's list of every ticker). */
    Ticker row(JsonNode t, FmzSymbol symbol, ReplyTime unit, long arrived) {
        return new Ticker(symbol.toString(), required(buy, "buy").decimal(t), required(sell, "sell").decimal(t),
                optional(high, t), optional(low, t), optional(open, t), required(last, "last").decimal(t),
                optional(vol, t), time == null ? arrived : time.millis(t, unit));
    }

    private static ReplyField required(ReplyField field, String name) {
        if (field == null) {
            throw new FmzError("ticker." + name + " is not declared in the exchange's route file");
        }
        return field;
    }

    private static BigDecimal optional(ReplyField field, JsonNode ticker) {
        return field == null ? BigDecimal.ZERO : field.decimal(ticker);
    }

    public void setItem(String pointer) {
        item = ReplyField.compile("ticker.item", pointer);
    }

    public void setBuy(String pointer) {
        buy = ReplyField.of("ticker.buy", pointer);
    }

    public void setSell(String pointer) {
        sell = ReplyField.of("ticker.sell", pointer);
    }

    public void setHigh(String pointer) {
        high = ReplyField.of("ticker.high", pointer);
    }

    public void setLow(String pointer) {
        low = ReplyField.of("ticker.low", pointer);
    }

    public void setOpen(String pointer) {
        open = ReplyField.of("ticker.open", pointer);
    }

    public void setLast(String pointer) {
        last = ReplyField.of("ticker.last", pointer);
    }

    public void setVol(String pointer) {
        vol = ReplyField.of("ticker.vol", pointer);
    }

    public void setTime(String pointer) {
        time = ReplyField.of("ticker.time", pointer);
    }

    /** What the route file must declare before {@code ticker} can be read. */
    List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (buy == null) missing.add("ticker.buy");
        if (sell == null) missing.add("ticker.sell");
        if (last == null) missing.add("ticker.last");
        return missing;
    }

    @Override
    public String toString() {
        return Vocabulary.of("ticker", TickerFields.class);
    }
}
