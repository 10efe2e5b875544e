package io.fmzbridge.declarative;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.OrderStatus;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where FMZ's orders are in the exchange's order replies: {@code item} points at the one order of an
 * order query, {@code list} at the rows of an order list, the rest into one order. {@code states}
 * turns the exchange's order states into FMZ's ({@code "live=pending, filled=filled, cancelled=canceled"});
 * where the exchange has no state of its own for a partial fill, an open order with something filled
 * ({@code filled} above 0) is {@code partial-filled}, and a cancelled one {@code partial-canceled}.
 * The id FMZ gets is {@code BTC_USDT,<id>}: the market comes from the call, or from each row's
 * {@code symbol} for a list of every market. The open and past order lists ({@code openOrders},
 * {@code historyOrders}) declare only where they differ from {@code order}: what they leave out is
 * read as {@code order} says. A price the exchange leaves empty ({@code ""}, as exchanges show a
 * market order's) reads 0, FMZ's price of a market order; any other field must be there.
 */
public final class OrderFields {

    private static final String STATE_WORDS = Arrays.stream(OrderStatus.values()).map(OrderStatus::word)
            .collect(Collectors.joining(", "));
    private static final String STATE_WORDS_EXAMPLE = "live=pending, filled=filled, cancelled=canceled";

    private JsonPointer item;
    private JsonPointer list;
    private ReplyField id;
    private ReplyField symbol;
    private ReplyField amount;
    private ReplyField price;
    private ReplyField filled;
    private ReplyField avgPrice;
    private ReplyField side;
    private ReplyField state;
    private DeclaredTable states = new DeclaredTable("order.states", STATE_WORDS_EXAMPLE)
            .values(fmz -> statusOf(fmz) != null, "one of FMZ's states: " + STATE_WORDS);

    /** These fields where declared, else {@code base}'s. */
    OrderFields over(OrderFields base) {
        OrderFields merged = new OrderFields();
        merged.item = item != null ? item : base.item;
        merged.list = list != null ? list : base.list;
        merged.id = id != null ? id : base.id;
        merged.symbol = symbol != null ? symbol : base.symbol;
        merged.amount = amount != null ? amount : base.amount;
        merged.price = price != null ? price : base.price;
        merged.filled = filled != null ? filled : base.filled;
        merged.avgPrice = avgPrice != null ? avgPrice : base.avgPrice;
        merged.side = side != null ? side : base.side;
        merged.state = state != null ? state : base.state;
        merged.states = states.isEmpty() ? base.states : states;
        return merged;
    }

    Order one(JsonNode reply, FmzSymbol market, SideWords sides, OrderIds ids) {
        if (item == null) {
            throw new FmzError("order.item is not declared in the exchange's route file");
        }
        return order(ReplyField.part(reply, item, "order"), row -> market, sides, ids);
    }

    List<Order> all(JsonNode reply, Function<JsonNode, FmzSymbol> marketOf, SideWords sides, OrderIds ids) {
        if (list == null) {
            throw new FmzError("order.list is not declared in the exchange's route file");
        }
        JsonNode rows = ReplyField.part(reply, list, "orders");
        List<Order> orders = new ArrayList<>(rows.size());
        for (JsonNode row : rows) {
            orders.add(order(row, marketOf, sides, ids));
        }
        return orders;
    }

    /** The pair as the exchange spells it in a row, for lists that cover every market; null when undeclared. */
    String spelledSymbol(JsonNode row) {
        return symbol == null ? null : symbol.text(row);
    }

    private Order order(JsonNode row, Function<JsonNode, FmzSymbol> marketOf, SideWords sides, OrderIds ids) {
        String missing = id == null ? "id" : amount == null ? "amount" : filled == null ? "filled"
                : side == null ? "side" : state == null ? "state" : states.isEmpty() ? "states" : null;
        if (missing != null) {
            throw new FmzError("order." + missing + " is not declared in the exchange's route file");
        }
        FmzSymbol market = marketOf.apply(row);
        BigDecimal size = amount.decimal(row);
        BigDecimal done = filled.decimal(row);
        return new Order(ids.write(market, id.text(row)), market.toString(), size,
                price == null || price.isBlank(row) ? BigDecimal.ZERO : price.decimal(row), done,
                avgPrice == null || done.signum() == 0 ? BigDecimal.ZERO : avgPrice.decimal(row),
                sides.fmz(side, row), status(state.text(row), done));
    }

    private OrderStatus status(String word, BigDecimal done) {
        OrderStatus declared = states.containsKey(word) ? statusOf(states.get(word)) : null;
        if (declared == null) {
            throw new FmzError("order state '" + FmzSymbol.printable(word) + "' is not in the route file's order.states "
                    + states.keySet());
        }
        boolean anyFilled = done.signum() > 0;
        return switch (declared) {
            case PENDING -> anyFilled ? OrderStatus.PARTIAL_FILLED : OrderStatus.PENDING;
            case CANCELED -> OrderStatus.canceled(anyFilled);
            default -> declared;
        };
    }

    public void setItem(String pointer) {
        item = ReplyField.compile("order.item", pointer);
    }

    public void setList(String pointer) {
        list = ReplyField.compile("order.list", pointer);
    }

    public void setId(String pointer) {
        id = ReplyField.of("order.id", pointer);
    }

    public void setSymbol(String pointer) {
        symbol = ReplyField.of("order.symbol", pointer);
    }

    public void setAmount(String pointer) {
        amount = ReplyField.of("order.amount", pointer);
    }

    public void setPrice(String pointer) {
        price = ReplyField.of("order.price", pointer);
    }

    public void setFilled(String pointer) {
        filled = ReplyField.of("order.filled", pointer);
    }

    public void setAvgPrice(String pointer) {
        avgPrice = ReplyField.of("order.avgPrice", pointer);
    }

    public void setSide(String pointer) {
        side = ReplyField.of("order.side", pointer);
    }

    public void setState(String pointer) {
        state = ReplyField.of("order.state", pointer);
    }

    /** The exchange's order states → FMZ's words ({@value #STATE_WORDS_EXAMPLE}). */
    public void setStates(String table) {
        states.read(table);
    }

    /** The same table as a YAML map, {@code {live: pending, filled: filled, cancelled: canceled}}. */
    public Map<String, String> getStates() {
        return states;
    }

    private static OrderStatus statusOf(String fmzWord) {
        return Arrays.stream(OrderStatus.values()).filter(s -> s.word().equals(fmzWord)).findFirst().orElse(null);
    }

    /** What must be declared to read one order ({@code item}) or a list ({@code list}), under {@code section}. */
    List<String> missing(boolean one, String section) {
        List<String> missing = new ArrayList<>();
        if (one ? item == null : list == null) missing.add(section + (one ? ".item" : ".list"));
        if (id == null) missing.add(section + ".id");
        if (amount == null) missing.add(section + ".amount");
        if (filled == null) missing.add(section + ".filled");
        if (side == null) missing.add(section + ".side");
        if (state == null) missing.add(section + ".state");
        if (states.isEmpty()) missing.add(section + ".states");
        return missing;
    }

    @Override
    public String toString() {
        return Vocabulary.of("order (and openOrders, historyOrders)", OrderFields.class);
    }
}
