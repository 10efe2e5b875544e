package io.fmzbridge.call;

import io.fmzbridge.fmz.FmzError;

/** The bridge's own rate limit refused a call: nothing was sent. */
public final class AllowanceRefused extends FmzError {

    public AllowanceRefused(String message) {
        super(message);
    }
}
