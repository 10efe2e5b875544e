package io.fmzbridge.declarative;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.Depth;
import io.fmzbridge.fmz.FmzError;
import java.util.ArrayList;
import java.util.List;

/**
 * Where FMZ's book is in the exchange's depth reply: {@code item} points at the book, {@code asks}
 * and {@code bids} at its two lists, {@code price} and {@code amount} into one level, which works for
 * {@code [["price","amount"], …]} (the defaults {@code /0} and {@code /1}) and for
 * {@code [{"price": …, "size": …}, …]} ({@code /price}, {@code /size}) alike. Without {@code time}
 * the book carries the time its reply arrived.
 */
public final class DepthFields {

    private JsonPointer item = JsonPointer.empty();
    private JsonPointer asks;
    private JsonPointer bids;
    private ReplyField price = ReplyField.of("depth.price", "/0");
    private ReplyField amount = ReplyField.of("depth.amount", "/1");
    private ReplyField time;

    Depth read(JsonNode reply, int limit, ReplyTime unit, long arrived) {
        JsonNode book = ReplyField.part(reply, item, "order book");
        return Depth.of(time == null ? arrived : time.millis(book, unit),
                levels(book, asks, "asks"), levels(book, bids, "bids"), limit);
    }

    private List<Depth.Level> levels(JsonNode book, JsonPointer side, String name) {
        if (side == null) {
            throw new FmzError("depth." + name + " is not declared in the exchange's route file");
        }
        JsonNode list = book.at(side);
        if (!list.isArray()) {
            throw new FmzError("reply has no list of " + name + " at " + ReplyField.shown(side));
        }
        List<Depth.Level> levels = new ArrayList<>(list.size());
        for (JsonNode level : list) {
            levels.add(new Depth.Level(price.decimal(level), amount.decimal(level)));
        }
        return levels;
    }

    public void setItem(String pointer) {
        item = ReplyField.compile("depth.item", pointer);
    }

    public void setAsks(String pointer) {
        asks = ReplyField.compile("depth.asks", pointer);
    }

    public void setBids(String pointer) {
        bids = ReplyField.compile("depth.bids", pointer);
    }

    public void setPrice(String pointer) {
        price = ReplyField.of("depth.price", pointer);
    }

    public void setAmount(String pointer) {
        amount = ReplyField.of("depth.amount", pointer);
    }

    public void setTime(String pointer) {
        time = ReplyField.of("depth.time", pointer);
    }

    List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (asks == null) missing.add("depth.asks");
        if (bids == null) missing.add("depth.bids");
        return missing;
    }

    @Override
    public String toString() {
        return Vocabulary.of("depth", DepthFields.class);
    }
}
