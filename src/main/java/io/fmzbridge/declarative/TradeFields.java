package io.fmzbridge.declarative;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.Trade;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Where FMZ's public trades are in the exchange's reply: {@code list} points at the rows, the rest
 * into one row. {@code side} is the taker's, read with the exchange's words ({@link SideWords}).
 * FMZ wants the oldest first; a list the exchange gives newest first is turned round.
 */
public final class TradeFields {

    private JsonPointer list;
    private ReplyField id;
    private ReplyField time;
    private ReplyField price;
    private ReplyField amount;
    private ReplyField side;

    List<Trade> read(JsonNode reply, ReplyTime unit, SideWords sides) {
        String missing = list == null ? "list" : time == null ? "time" : price == null ? "price"
                : amount == null ? "amount" : side == null ? "side" : null;
        if (missing != null) {
            throw new FmzError("trades." + missing + " is not declared in the exchange's route file");
        }
        JsonNode rows = ReplyField.part(reply, list, "trades");
        List<Trade> trades = new ArrayList<>(rows.size());
        for (JsonNode row : rows) {
            trades.add(new Trade(id == null ? "" : id.text(row), time.millis(row, unit), price.decimal(row),
                    amount.decimal(row), sides.fmz(side, row)));
        }
        if (trades.size() > 1 && trades.get(0).time() > trades.get(trades.size() - 1).time()) {
            Collections.reverse(trades);
        }
        trades.sort(Comparator.comparingLong(Trade::time));
        return trades;
    }

    public void setList(String pointer) {
        list = ReplyField.compile("trades.list", pointer);
    }

    public void setId(String pointer) {
        id = ReplyField.of("trades.id", pointer);
    }

    public void setTime(String pointer) {
        time = ReplyField.of("trades.time", pointer);
    }

    public void setPrice(String pointer) {
        price = ReplyField.of("trades.price", pointer);
    }

    public void setAmount(String pointer) {
        amount = ReplyField.of("trades.amount", pointer);
    }

    public void setSide(String pointer) {
        side = ReplyField.of("trades.side", pointer);
    }

    List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (list == null) missing.add("trades.list");
        if (time == null) missing.add("trades.time");
        if (price == null) missing.add("trades.price");
        if (amount == null) missing.add("trades.amount");
        if (side == null) missing.add("trades.side");
        return missing;
    }

    @Override
    public String toString() {
        return Vocabulary.of("trades", TradeFields.class);
    }
}
