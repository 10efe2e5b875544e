package io.fmzbridge.call;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.observe.LogText;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exchange's HTTP reply, read once: the status and the parsed JSON. A body that is not JSON
 * (an HTML error page, a cut-off reply) becomes a clear error instead of a parser trace.
 */
public record ExchangeReply(int status, JsonNode json) {

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeReply.class);

    public static ExchangeReply read(Integer status, byte[] body) {
        int code = status == null ? 0 : status;
        if (LOG.isDebugEnabled()) {
            LOG.debug("exchange reply HTTP {}: {}", code, LogText.reply(body));
        }
        if (body == null || body.length == 0) {
            throw new FmzError("empty reply from exchange (HTTP " + code + ")");
        }
        try {
            return new ExchangeReply(code, FmzJson.MAPPER.readTree(body));
        } catch (JsonProcessingException e) {
            throw new FmzError("unreadable reply from exchange (HTTP " + code + "): not JSON or cut off: "
                    + snippet(body));
        } catch (java.io.IOException e) {
            throw new FmzError("unreadable reply from exchange (HTTP " + code + ")");
        }
    }

    public boolean isHttpSuccess() {
        return status >= 200 && status < 300;
    }

    /** The start of a reply for an error message: enough to recognise it, printable only. */
    static String snippet(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8);
        return text.replaceAll("[^\\x20-\\x7E]", " ").strip() + (body.length > 120 ? "…" : "");
    }
}
