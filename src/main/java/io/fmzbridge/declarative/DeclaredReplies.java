package io.fmzbridge.declarative;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.ExchangeReply;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzReply;
import io.fmzbridge.fmz.FmzRequest;
import java.time.Clock;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * An exchange's replies → FMZ's shapes, declared in the route file with JSON Pointers instead of
 * written as a Java mapper. It plays both mapper roles: {@code reply} is the {@code replyReader} of
 * the shared call leg (the exchange's errors, kept with its code and text) and {@code ticker},
 * {@code depth}, {@code balances} and {@code passThrough} are the route's last step. The shapes are
 * FMZ's own records, so the reply is the one a Java exchange gives.
 *
 * <pre>
 * - name: acmeReplies
 *   type: io.fmzbridge.declarative.DeclaredReplies
 *   properties:
 *     errorCode: /code          # where the exchange says whether a call worked
 *     successCodes: "0"         # the values that mean it did (none: any code is an error)
 *     errorMessage: /msg
 *     timeUnit: ms              # or s, iso
 *     ticker: {item: /data/0, buy: /bid, sell: /ask, last: /last, time: /ts}
 * </pre>
 */
public final class DeclaredReplies {

    private static final String REQUEST = "fmz";

    private final Clock clock;
    private final TickerFields ticker = new TickerFields();
    private final DepthFields depth = new DepthFields();
    private final BalanceFields balances = new BalanceFields();
    private JsonPointer errorCode;
    private Set<String> successCodes = Set.of();
    private JsonPointer errorMessage;
    private ReplyTime timeUnit = ReplyTime.MS;

    public DeclaredReplies() {
        this(Clock.systemUTC());
    }

    /** With the clock that stamps replies without a time of their own: for tests. */
    public DeclaredReplies(Clock clock) {
        this.clock = clock;
    }

    /**
     * The HTTP reply as JSON, or the exchange's error: HTTP status outside 2xx, or an error code that is
     * not one of the success codes (with no success codes declared, any code present is an error, as
     * exchanges that send a code only on failure do).
     */
    public JsonNode reply(byte[] body, @Header(Exchange.HTTP_RESPONSE_CODE) Integer status) {
        ExchangeReply reply = ExchangeReply.read(status, body);
        JsonNode json = reply.json();
        String code = errorCode == null ? null : valueAt(json, errorCode);
        boolean codeSaysError = code != null && (successCodes.isEmpty() || !successCodes.contains(code));
        if (reply.isHttpSuccess() && !codeSaysError) {
            return json;
        }
        String message = errorMessage == null ? null : valueAt(json, errorMessage);
        StringBuilder error = new StringBuilder();
        if (code != null) {
            error.append("code ").append(code);
        }
        if (message != null) {
            error.append(error.isEmpty() ? "" : ": ").append(message);
        }
        if (error.isEmpty()) {
            throw new FmzError("HTTP " + reply.status() + " from exchange without an error code");
        }
        if (!reply.isHttpSuccess()) {
            error.append(" (HTTP ").append(reply.status()).append(')');
        }
        throw new FmzError(error.toString());
    }

    public FmzReply ticker(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        return FmzReply.of(ticker.read(reply, request.symbol(), timeUnit, clock.millis()), reply);
    }

    public FmzReply depth(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        int limit = (int) Math.min(request.whole("limit", DeclaredRequests.DEFAULT_DEPTH), Integer.MAX_VALUE);
        return FmzReply.of(depth.read(reply, limit, timeUnit, clock.millis()), reply);
    }

    public FmzReply balances(JsonNode reply) {
        return FmzReply.of(balances.read(reply), reply);
    }

    /** exchange.IO: the exchange's JSON is the result. */
    public FmzReply passThrough(JsonNode reply) {
        return FmzReply.of(reply, null);
    }

    /** A code or message as text; absent, null or empty is no value. */
    private static String valueAt(JsonNode json, JsonPointer pointer) {
        JsonNode node = json.at(pointer);
        if (!node.isValueNode() || node.isNull()) {
            return null;
        }
        String text = node.asText().trim();
        return text.isEmpty() ? null : text;
    }

    public TickerFields getTicker() {
        return ticker;
    }

    public DepthFields getDepth() {
        return depth;
    }

    public BalanceFields getBalances() {
        return balances;
    }

    public void setErrorCode(String pointer) {
        errorCode = ReplyField.compile("errorCode", pointer);
    }

    /** Comma-separated: {@code "0"}, {@code "00000"}, {@code "0,200"}. Quote them in YAML, or 00000 reads as 0. */
    public void setSuccessCodes(String codes) {
        successCodes = Arrays.stream(codes.split(",")).map(String::trim).filter(c -> !c.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    public void setErrorMessage(String pointer) {
        errorMessage = ReplyField.compile("errorMessage", pointer);
    }

    /** {@code ms} (the default), {@code s} or {@code iso}. */
    public void setTimeUnit(String unit) {
        timeUnit = ReplyTime.named(unit);
    }
}
