package io.fmzbridge.gateway;

import io.fmzbridge.fmz.FmzError;

/** A request the bridge does not serve at all (a web page's, or one for a foreign host): answered HTTP 403. */
final class CallerRefused extends FmzError {

    CallerRefused(String message) {
        super(message);
    }
}
