package io.fmzbridge.declarative;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.Candle;
import io.fmzbridge.fmz.FmzError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where FMZ's bars are in the exchange's candle reply: {@code list} points at the rows, the rest
 * into one bar, as positions ({@code /0} … {@code /5}, the defaults, for {@code [time, open, high,
 * low, close, volume]}) or names ({@code /open}). Bars go to FMZ oldest first, time in seconds.
 */
public final class RecordFields {

    private JsonPointer list;
    private ReplyField time = ReplyField.of("records.time", "/0");
    private ReplyField open = ReplyField.of("records.open", "/1");
    private ReplyField high = ReplyField.of("records.high", "/2");
    private ReplyField low = ReplyField.of("records.low", "/3");
    private ReplyField close = ReplyField.of("records.close", "/4");
    private ReplyField volume = ReplyField.of("records.volume", "/5");

    List<Candle> read(JsonNode reply, ReplyTime unit) {
        if (list == null) {
            throw new FmzError("records.list is not declared in the exchange's route file");
        }
        JsonNode rows = ReplyField.part(reply, list, "bars");
        List<Candle> bars = new ArrayList<>(rows.size());
        for (JsonNode row : rows) {
            bars.add(new Candle(time.millis(row, unit) / 1000, open.decimal(row), high.decimal(row), low.decimal(row),
                    close.decimal(row), volume.decimal(row)));
        }
        bars.sort(Comparator.comparingLong(Candle::time));
        return bars;
    }

    public void setList(String pointer) {
        list = ReplyField.compile("records.list", pointer);
    }

    public void setTime(String pointer) {
        time = ReplyField.of("records.time", pointer);
    }

    public void setOpen(String pointer) {
        open = ReplyField.of("records.open", pointer);
    }

    public void setHigh(String pointer) {
        high = ReplyField.of("records.high", pointer);
    }

    public void setLow(String pointer) {
        low = ReplyField.of("records.low", pointer);
    }

    public void setClose(String pointer) {
        close = ReplyField.of("records.close", pointer);
    }

    public void setVolume(String pointer) {
        volume = ReplyField.of("records.volume", pointer);
    }

    List<String> missing() {
        return list == null ? List.of("records.list") : List.of();
    }

    @Override
    public String toString() {
        return Vocabulary.of("records", RecordFields.class);
    }
}
