package io.fmzbridge.exchange.zerocap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.fmz.Balance;
import io.fmzbridge.fmz.FmzError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.fmzbridge.exchange.zerocap.TolerantJson.first;
import static io.fmzbridge.fmz.FmzJson.decimal;

/**
 * {@code GET /orders/get_balances} → FMZ balances. Zerocap does not document this reply, so it is
 * read tolerantly (inferred, see the exchange notes): Zerocap speaks ccxt's vocabulary elsewhere
 * (orders are ccxt orders), so ccxt's balance structure comes first, then the common alternatives:
 * <ol>
 *   <li>ccxt totals: {@code {"free":{"BTC":1},"used":{"BTC":0},"total":{"BTC":1}, …}}</li>
 *   <li>one entry per currency: {@code {"BTC":{"free":1,"used":0,"total":1}, "AUD":…}}</li>
 *   <li>a list of rows: {@code [{"asset":"BTC","available":"1","locked":"0"}, …]}</li>
 * </ol>
 * each possibly under a wrapper ({@code data}, {@code balances}, …). Free comes from free /
 * available, frozen from used / frozen / locked / hold; a row with only a total and a frozen amount
 * has free = total − frozen. Any other shape is an error, and the reply stays readable through
 * {@code exchange.IO}.
 */
final class ZerocapBalances {

    private static final List<String> WRAPPERS = List.of("data", "balances", "balance_list", "result");
    private static final List<String> CURRENCY = List.of("currency", "asset", "asset_id", "coin", "ccy", "symbol", "name");
    private static final List<String> FREE = List.of("free", "available", "available_balance", "availableBalance",
            "available_amount");
    private static final List<String> FROZEN = List.of("used", "frozen", "locked", "hold", "on_hold", "reserved");
    private static final List<String> TOTAL = List.of("total", "balance", "amount", "total_balance");
    /** ccxt's balance structure carries these beside the currencies. */
    private static final Set<String> NOT_CURRENCIES = Set.of("info", "timestamp", "datetime", "free", "used", "total",
            "debt", "status", "message");

    private ZerocapBalances() {
    }

    static List<Balance> read(JsonNode reply) {
        JsonNode root = TolerantJson.unwrap(reply, WRAPPERS);
        List<Balance> balances = null;
        if (root.isArray()) {
            balances = rows(root);
        } else if (root.path("free").isObject() || root.path("total").isObject()) {
            balances = totals(root);
        } else if (root.isObject()) {
            balances = perCurrency(root);
        }
        if (balances == null) {
            throw new FmzError("the balances reply is " + TolerantJson.outline(reply) + ", a shape the bridge does not"
                    + " read (Zerocap does not document it); exchange.IO(\"api\", \"GET\", \"/orders/get_balances\")"
                    + " returns it as sent");
        }
        return balances;
    }

    private static List<Balance> rows(JsonNode rows) {
        List<Balance> balances = new ArrayList<>();
        for (JsonNode row : rows) {
            String currency = row.isObject() ? TolerantJson.firstText(row, CURRENCY) : null;
            Balance balance = currency == null || currency.isEmpty() ? null : balance(currency, row);
            if (balance == null) {
                return null;
            }
            balances.add(balance);
        }
        return balances;
    }

    private static List<Balance> totals(JsonNode root) {
        Set<String> currencies = new LinkedHashSet<>();
        for (String part : List.of("total", "free", "used")) {
            root.path(part).fieldNames().forEachRemaining(currencies::add);
        }
        List<Balance> balances = new ArrayList<>();
        for (String currency : currencies) {
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            for (String part : List.of("free", "used", "total")) {
                row.set(part, root.path(part).get(currency));
            }
            Balance balance = balance(currency, row);
            if (balance != null) {
                balances.add(balance);
            }
        }
        return balances;
    }

    private static List<Balance> perCurrency(JsonNode root) {
        List<Balance> balances = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (NOT_CURRENCIES.contains(field.getKey())) {
                continue;
            }
            JsonNode value = field.getValue();
            Balance balance = value.isObject() ? balance(field.getKey(), value)
                    : value.isNumber() ? new Balance(currency(field.getKey()), decimal(value), BigDecimal.ZERO)
                    : null;
            if (balance == null) {
                return null;
            }
            balances.add(balance);
        }
        return balances;
    }

    /** Null when the row holds neither a free nor a total amount. */
    private static Balance balance(String currency, JsonNode row) {
        JsonNode free = first(row, FREE);
        JsonNode frozen = first(row, FROZEN);
        JsonNode total = first(row, TOTAL);
        if (free.isMissingNode() && total.isMissingNode()) {
            return null;
        }
        BigDecimal frozenAmount = frozen.isMissingNode() ? null : decimal(frozen);
        BigDecimal freeAmount = !free.isMissingNode() ? decimal(free)
                : decimal(total).subtract(frozenAmount == null ? BigDecimal.ZERO : frozenAmount);
        if (frozenAmount == null) {
            frozenAmount = total.isMissingNode() || free.isMissingNode() ? BigDecimal.ZERO
                    : decimal(total).subtract(freeAmount).max(BigDecimal.ZERO);
        }
        return new Balance(currency(currency), freeAmount, frozenAmount);
    }

    private static String currency(String name) {
        return name.trim().toUpperCase(Locale.ROOT);
    }
}
