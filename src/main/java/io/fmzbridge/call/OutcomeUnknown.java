package io.fmzbridge.call;

import io.fmzbridge.fmz.FmzError;

/**
 * An exchange said it does not know whether a request took effect (Binance -1006/-1007: "execution
 * status unknown"). Thrown by an exchange's reply reader; for an order placement the shared guard
 * then looks the order up instead of reporting a failure that may not be one.
 */
public class OutcomeUnknown extends FmzError {

    public OutcomeUnknown(String message) {
        super(message);
    }
}
