package io.fmzbridge.declarative;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small table a route file writes on one line, {@code "1=1min, 5=5min, 60=1h"}: FMZ's word or
 * number on the left, the exchange's on the right. Read once, at start, so a malformed entry fails
 * the start with the property's name and what is expected.
 */
final class DeclaredTable {

    private DeclaredTable() {
    }

    static Map<String, String> parse(String property, String text, String example) {
        Map<String, String> table = new LinkedHashMap<>();
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
            if (table.put(key, value) != null) {
                throw new IllegalArgumentException(property + " names '" + key + "' twice");
            }
        }
        if (table.isEmpty()) {
            throw new IllegalArgumentException(property + " must be entries like '" + example + "', not empty");
        }
        return Collections.unmodifiableMap(table);
    }
}
