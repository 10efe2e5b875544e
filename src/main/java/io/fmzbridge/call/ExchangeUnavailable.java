package io.fmzbridge.call;

/**
 * The exchange answered with a server error (HTTP 5xx): it is failing, not refusing this request.
 * Thrown inside the circuit breaker so it counts as a failure there. The breaker works on a copy
 * of the message, so the reply travels in the exception and is put back afterwards for the
 * exchange's reader, which words the error with the exchange's own codes.
 */
public final class ExchangeUnavailable extends RuntimeException {

    private final int status;
    private final transient byte[] body;

    public ExchangeUnavailable(int status, byte[] body) {
        super("HTTP " + status, null, false, false);
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public byte[] body() {
        return body;
    }
}
