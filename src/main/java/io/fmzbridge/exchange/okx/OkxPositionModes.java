package io.fmzbridge.exchange.okx;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * Each OKX account's position mode ({@code GET /api/v5/account/config} → {@code posMode}), read once
 * per API key and kept: {@code net_mode} orders carry {@code reduceOnly} to close, while
 * {@code long_short_mode} ones name the side they open or close in {@code posSide}. An order OKX
 * refuses over {@code posSide} (the mode was changed on the website) makes the next one read it
 * again. Keys are kept as digests only.
 */
public final class OkxPositionModes {

    /** The variable the {@code okx-position-mode} route is enriched into: true in long/short mode. */
    public static final String VARIABLE = "okxLongShortMode";

    private final Map<String, Boolean> longShort = new ConcurrentHashMap<>();

    public boolean unknown(@ExchangeProperty("fmz") FmzRequest request) {
        return !longShort.containsKey(digest(request.accessKey()));
    }

    /** From the account configuration reply: whether the account is in long/short mode. */
    public void load(JsonNode config, @ExchangeProperty("fmz") FmzRequest request) {
        String posMode = config.path("data").path(0).path("posMode").asText("");
        if (!posMode.equals("long_short_mode") && !posMode.equals("net_mode")) {
            throw new FmzError("OKX's account configuration names no position mode (posMode '"
                    + FmzSymbol.printable(posMode) + "')");
        }
        longShort.put(digest(request.accessKey()), posMode.equals("long_short_mode"));
    }

    /** The mode read for the request's key: true in long/short mode. */
    public boolean longShort(@ExchangeProperty("fmz") FmzRequest request) {
        return Boolean.TRUE.equals(longShort.get(digest(request.accessKey())));
    }

    /** After a refused order: if OKX refused its {@code posSide}, the mode is read again next time. */
    public void afterRefusal(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure,
                             @ExchangeProperty("fmz") FmzRequest request) {
        if (failure != null && String.valueOf(failure.getMessage()).contains("posSide")) {
            longShort.remove(digest(request.accessKey()));
        }
    }

    private static String digest(String accessKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(accessKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
