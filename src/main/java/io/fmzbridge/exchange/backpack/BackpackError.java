package io.fmzbridge.exchange.backpack;

import io.fmzbridge.fmz.FmzError;

/**
 * Backpack's own error reply, {@code {"code": "RESOURCE_NOT_FOUND", "message": "…"}}, keeping the
 * code apart so a route can react to one code (the order lookup falls back to history on
 * RESOURCE_NOT_FOUND) while the strategy still reads code and message.
 */
public final class BackpackError extends FmzError {

    private final String code;

    BackpackError(String code, String message, int httpStatus) {
        super("code " + code + (message.isEmpty() ? "" : ": " + message) + " (HTTP " + httpStatus + ")");
        this.code = code;
    }

    public String getCode() {
        return code;
    }
}
