package io.fmzbridge.fmz;

/**
 * A failure the strategy should read: bad input, an exchange's refusal, an unreachable exchange.
 * The message becomes the {@code error} of the reply, after the exchange's label, so it must say
 * what happened in words a strategy author understands and must never carry a secret.
 */
public class FmzError extends RuntimeException {

    public FmzError(String message) {
        super(message, null, false, false);
    }
}
