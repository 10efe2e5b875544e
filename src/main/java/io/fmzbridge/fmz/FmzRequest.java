package io.fmzbridge.fmz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;

/**
 * One call from the FMZ docker: the envelope {@code {access_key, secret_key, method, nonce, params}}
 * plus the exchange named by the request path and, for {@code exchange.IO}, the {@code Http-Method}
 * header. Parameters arrive as strings or numbers alike; the accessors here coerce them.
 */
public record FmzRequest(String exchange, String method, JsonNode params,
                         String accessKey, String secretKey, String httpMethod, String nonce) {

    /** Prefix of {@code exchange.IO("api", verb, path, query)} calls: the rest is the REST path. */
    public static final String API_PREFIX = "__api_";

    public FmzRequest {
        params = params == null ? JsonNodeFactory.instance.objectNode() : params;
        accessKey = accessKey == null ? "" : accessKey;
        secretKey = secretKey == null ? "" : secretKey;
    }

    /** A request without FMZ's nonce: one the bridge makes itself, or a test's. */
    public FmzRequest(String exchange, String method, JsonNode params, String accessKey, String secretKey, String httpMethod) {
        this(exchange, method, params, accessKey, secretKey, httpMethod, null);
    }

    /** The same caller and credentials asking for another method: how the bridge looks an order up. */
    public FmzRequest withCall(String otherMethod, JsonNode otherParams) {
        return new FmzRequest(exchange, otherMethod, otherParams, accessKey, secretKey, null, null);
    }

    /**
     * The same call under its canonical name and with its parameters completed (a futures alias, a
     * bare symbol given its contract type): credentials, verb and FMZ's nonce stay, so a retried
     * call still keeps its client order id.
     */
    public FmzRequest restated(String canonicalMethod, JsonNode completedParams) {
        return new FmzRequest(exchange, canonicalMethod, completedParams, accessKey, secretKey, httpMethod, nonce);
    }

    /** A parameter as text, or null when absent, null or empty. Numbers keep their exact digits. */
    public String param(String name) {
        JsonNode value = params.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        String text;
        if (value.isBigDecimal()) {
            text = plain(value.decimalValue());
        } else if (value.isValueNode()) {
            text = value.asText();
        } else {
            throw new FmzError("parameter '" + name + "' must be a string or a number");
        }
        return text.isEmpty() ? null : text;
    }

    public String requireParam(String name) {
        String value = param(name);
        if (value == null) {
            throw new FmzError("missing parameter '" + name + "'");
        }
        return value;
    }

    public FmzSymbol symbol() {
        return FmzSymbol.parse(param("symbol"));
    }

    public boolean hasSymbol() {
        return param("symbol") != null;
    }

    /** Digits a price or amount may have before and after the point: far beyond any market. */
    private static final int MAX_DIGITS = 30;

    /** Plain digits ({@code 0.001}, not {@code 1E-3}), except for magnitudes no market has. */
    private static String plain(BigDecimal value) {
        return outOfRange(value) ? value.toString() : value.toPlainString();
    }

    private static boolean outOfRange(BigDecimal value) {
        return value.scale() > MAX_DIGITS || value.precision() - value.scale() > MAX_DIGITS;
    }

    public BigDecimal decimal(String name) {
        String text = requireParam(name);
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new FmzError("parameter '" + name + "' is not a number: '" + FmzSymbol.printable(text) + "'");
        }
        // 1e999999 is a valid number whose plain form is a megabyte: refuse it before anything prints it
        if (outOfRange(value)) {
            throw new FmzError("parameter '" + name + "' is out of range: '" + FmzSymbol.printable(text) + "'");
        }
        return value;
    }

    /** FMZ's {@code limit}, at most {@code max}; null when FMZ gave none (or 0), so the exchange's default applies. */
    public Long limitUpTo(int max) {
        long limit = whole("limit", 0);
        return limit == 0 ? null : Math.min(limit, max);
    }

    /** A whole-number parameter; {@code fallback} when absent or 0, which FMZ sends for "unspecified". */
    public long whole(String name, long fallback) {
        String text = param(name);
        if (text == null) {
            return fallback;
        }
        long value;
        try {
            value = new BigDecimal(text.trim()).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new FmzError("parameter '" + name + "' is not a whole number: '" + FmzSymbol.printable(text) + "'");
        }
        if (value < 0) {
            throw new FmzError("parameter '" + name + "' must not be negative");
        }
        return value == 0 ? fallback : value;
    }

    public boolean isApiCall() {
        return method.startsWith(API_PREFIX);
    }

    /** The REST path of an {@code exchange.IO} call: exactly what follows the prefix. */
    public String apiPath() {
        return method.substring(API_PREFIX.length());
    }

    /** Never print the secret: records print every component by default. */
    @Override
    public String toString() {
        return "FmzRequest[exchange=" + exchange + ", method=" + method + ", params=" + params + "]";
    }
}
