package io.fmzbridge.exchange.okx;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The alias of each OKX delivery contract ({@code this_week} … {@code next_quarter}): OKX's own
 * {@code alias} where the instrument list gives it. OKX marks that field deprecated in favour of
 * {@code expTime}, so where it is empty the alias is read from the delivery calendar (inferred, not
 * OKX's words): per instrument family, contracts delivered on the last Friday of March, June,
 * September or December are the quarterlies (quarter, next_quarter, third_quarter by expiry),
 * those on the last Friday of another month the monthlies (this_month, next_month), the rest the
 * weeklies (this_week, next_week).
 */
final class DeliveryCalendar {

    private static final List<String> WEEKLY = List.of("this_week", "next_week");
    private static final List<String> MONTHLY = List.of("this_month", "next_month");
    private static final List<String> QUARTERLY = List.of("quarter", "next_quarter", "third_quarter");

    private DeliveryCalendar() {
    }

    /** instId → alias for the FUTURES instruments that have one. */
    static Map<String, String> aliases(JsonNode futures) {
        Map<String, String> aliases = new HashMap<>();
        Map<String, List<JsonNode>> undated = new HashMap<>();
        for (JsonNode i : futures) {
            String alias = i.path("alias").asText("");
            if (alias.matches("[a-z_]{1,20}")) {
                aliases.put(i.path("instId").asText(), alias);
            } else if (i.path("expTime").asText("").matches("\\d{1,19}")) {
                undated.computeIfAbsent(i.path("instFamily").asText(i.path("uly").asText()), f -> new ArrayList<>()).add(i);
            }
        }
        for (List<JsonNode> family : undated.values()) {
            family.sort(Comparator.comparingLong(i -> Long.parseLong(i.path("expTime").asText())));
            List<JsonNode> weekly = new ArrayList<>();
            List<JsonNode> monthly = new ArrayList<>();
            List<JsonNode> quarterly = new ArrayList<>();
            for (JsonNode i : family) {
                LocalDate delivery = Instant.ofEpochMilli(Long.parseLong(i.path("expTime").asText())).atZone(ZoneOffset.UTC).toLocalDate();
                boolean monthEnd = delivery.equals(delivery.with(TemporalAdjusters.lastInMonth(DayOfWeek.FRIDAY)));
                (monthEnd ? (delivery.getMonthValue() % 3 == 0 ? quarterly : monthly) : weekly).add(i);
            }
            name(weekly, WEEKLY, aliases);
            name(monthly, MONTHLY, aliases);
            name(quarterly, QUARTERLY, aliases);
        }
        return aliases;
    }

    private static void name(List<JsonNode> contracts, List<String> names, Map<String, String> aliases) {
        for (int n = 0; n < Math.min(contracts.size(), names.size()); n++) {
            aliases.put(contracts.get(n).path("instId").asText(), names.get(n));
        }
    }
}
