package io.fmzbridge.gateway;

import io.fmzbridge.fmz.FmzCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzMethods;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.observe.LogText;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FMZ does not publish how its docker words the futures calls (fmz-protocol.md §8), so a method no
 * exchange of the bridge answers is written to the log at WARN, once per name, with its parameters
 * (never the envelope's keys; credential-like parameters are redacted too): the docker's actual
 * wording shows up there. The call is answered at once, "not supported: &lt;method&gt;", and reaches no
 * exchange.
 */
public final class UnknownMethods {

    /** Names remembered; past this a caller inventing names fills the log no further. */
    static final int MAX_REMEMBERED = 256;

    private static final Logger LOG = LoggerFactory.getLogger(UnknownMethods.class);

    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    public void note(@ExchangeProperty(FmzCall.REQUEST_PROPERTY) FmzRequest request,
                     @ExchangeProperty(FmzCall.LABEL_PROPERTY) String label) {
        String method = request.method();
        if (FmzMethods.isKnown(method)) {
            return;
        }
        if (logged.size() < MAX_REMEMBERED && logged.add(method)) {
            LOG.warn("{}: method '{}' is not one the bridge knows (not supported); its params: {}",
                    label, LogText.word(method, 64), LogText.envelope(request.params()));
        }
        throw new FmzError("not supported: " + LogText.word(method, 64));
    }
}
