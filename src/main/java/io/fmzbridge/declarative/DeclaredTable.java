package io.fmzbridge.declarative;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A small table in a route file, FMZ's word or number on the left and the exchange's on the right,
 * written either on one line or as a YAML map:
 * <pre>
 * periods: "1=1min, 5=5min, 60=1h"
 * periods: {1: 1min, 5: 5min, 60: 1h}
 * </pre>
 * Camel binds a map property entry by entry ({@code periods.1 = 1min}) through the bean's getter, so
 * the table is the map it puts them in: each entry is checked as it arrives, and a wrong one fails the
 * start with the table's name and what it takes (this object's {@code toString}, which Camel prints).
 * What only the whole table can tell (an empty map, a word missing) {@link DeclaredRoutesCheck} reports.
 */
final class DeclaredTable extends LinkedHashMap<String, String> {

    private final String property;
    private final String example;
    private Predicate<String> keyRule = key -> true;
    private String keyExpected = "";
    private Predicate<String> valueRule = value -> true;
    private String valueExpected = "";
    private Set<String> required = Set.of();

    /** @param example the one-line form, {@code "1=1min, 60=1h"} */
    DeclaredTable(String property, String example) {
        this.property = property;
        this.example = example;
    }

    /** Only keys this rule accepts, described as {@code expected} ("FMZ minutes (1, 5, 60, 1440)"). */
    DeclaredTable keys(Predicate<String> rule, String expected) {
        this.keyRule = rule;
        this.keyExpected = expected;
        return this;
    }

    DeclaredTable values(Predicate<String> rule, String expected) {
        this.valueRule = rule;
        this.valueExpected = expected;
        return this;
    }

    /** Keys every declaration of this table must give: buy and sell, limit and market. */
    DeclaredTable requires(String... keys) {
        this.required = Set.of(keys);
        return this;
    }

    /** Replaces the table with the one-line form's entries; a wrong one leaves the table as it was. */
    void read(String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String key = eq < 0 ? "" : entry.substring(0, eq).trim();
            String value = eq < 0 ? "" : entry.substring(eq + 1).trim();
            if (key.isEmpty() || value.isEmpty()) {
                throw new IllegalArgumentException(property + " must be entries like '" + example + "', not '" + entry.trim() + "'");
            }
            if (entries.containsKey(key)) {
                throw new IllegalArgumentException(property + " names '" + key + "' twice");
            }
            check(key, value);
            entries.put(key, value);
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(property + " must be entries like '" + example + "', not empty");
        }
        String missing = missing(entries.keySet());
        if (missing != null) {
            throw new IllegalArgumentException(missing);
        }
        clear();
        entries.forEach(super::put);
    }

    /** One entry, from either form: checked here, so a YAML map's wrong entry fails as it is bound. */
    @Override
    public String put(String key, String value) {
        String k = key == null ? "" : key.trim();
        String v = value == null ? "" : value.trim();
        check(k, v);
        return super.put(k, v);
    }

    private void check(String k, String v) {
        if (k.isEmpty() || v.isEmpty()) {
            throw new IllegalArgumentException(property + " must be entries like " + mapForm() + ", not '" + k + ": " + v + "'");
        }
        if (!keyRule.test(k)) {
            throw new IllegalArgumentException(property + " takes " + keyExpected + " on the left, like " + mapForm()
                    + "; '" + k + "' is not one");
        }
        if (!valueRule.test(v)) {
            throw new IllegalArgumentException(property + " maps '" + k + "' to '" + v + "', which is not " + valueExpected);
        }
    }

    /** What the whole table lacks (a required key), or null when nothing. */
    String missing() {
        return isEmpty() ? null : missing(keySet()); // not declared: the default, or the route check's "not declared"
    }

    private String missing(Set<String> keys) {
        List<String> absent = required.stream().filter(k -> !keys.contains(k)).sorted().toList();
        return absent.isEmpty() ? null : property + " must give a word for each of " + String.join(" and ", required.stream().sorted().toList())
                + ", like " + mapForm() + "; it has none for " + String.join(", ", absent);
    }

    private String mapForm() {
        return "{" + example.replace("=", ": ") + "}";
    }

    /** What Camel prints as the bean it could not bind an entry on. */
    @Override
    public String toString() {
        return property + " (a table like " + mapForm() + " or \"" + example + "\")";
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
