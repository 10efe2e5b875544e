package io.fmzbridge.declarative;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.Balance;
import io.fmzbridge.fmz.FmzError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where FMZ's balances are in the exchange's account reply: {@code list} points at the rows, either a
 * list with the currency in each row ({@code currency: /coin}) or an object keyed by currency
 * ({@code currency} left undeclared). {@code free} must be declared; what is held in orders is
 * {@code frozen}, or {@code total} minus free when the exchange reports a total instead, or 0 when
 * it reports neither. Currency names are upper case, as in FMZ's pairs.
 */
public final class BalanceFields {

    private JsonPointer list;
    private ReplyField currency;
    private ReplyField free;
    private ReplyField frozen;
    private ReplyField total;

    List<Balance> read(JsonNode reply) {
        if (list == null || free == null) {
            throw new FmzError("balances." + (list == null ? "list" : "free") + " is not declared in the exchange's route file");
        }
        JsonNode rows = ReplyField.part(reply, list, "balances");
        List<Balance> balances = new ArrayList<>(rows.size());
        if (currency == null && rows.isObject()) {
            for (Map.Entry<String, JsonNode> row : rows.properties()) {
                balances.add(balance(row.getKey(), row.getValue()));
            }
        } else if (currency != null && rows.isArray()) {
            for (JsonNode row : rows) {
                balances.add(balance(currency.text(row), row));
            }
        } else {
            throw new FmzError("reply has no " + (currency == null ? "object keyed by currency" : "list of balances")
                    + " at " + ReplyField.shown(list));
        }
        return balances;
    }

    private Balance balance(String name, JsonNode row) {
        BigDecimal available = free.decimal(row);
        BigDecimal held = frozen != null ? frozen.decimal(row)
                : total != null ? total.decimal(row).subtract(available) : BigDecimal.ZERO;
        return new Balance(name.toUpperCase(Locale.ROOT), available, held);
    }

    public void setList(String pointer) {
        list = ReplyField.compile("balances.list", pointer);
    }

    public void setCurrency(String pointer) {
        currency = ReplyField.of("balances.currency", pointer);
    }

    public void setFree(String pointer) {
        free = ReplyField.of("balances.free", pointer);
    }

    public void setFrozen(String pointer) {
        frozen = ReplyField.of("balances.frozen", pointer);
    }

    public void setTotal(String pointer) {
        total = ReplyField.of("balances.total", pointer);
    }

    List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (list == null) missing.add("balances.list");
        if (free == null) missing.add("balances.free");
        return missing;
    }

    @Override
    public String toString() {
        return Vocabulary.of("balances", BalanceFields.class);
    }
}
