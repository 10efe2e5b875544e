package io.fmzbridge.stream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Where an exchange's {@link StreamProtocol#read} puts what one message said. Instruments are named
 * as in {@link Topic#instrument()}; data for a topic the bridge does not hold is ignored.
 */
public interface StreamInbox {

    /** The instrument's latest ticker, in the shape of the exchange's REST ticker reply. */
    void ticker(String instrument, JsonNode restShaped, long eventTime);

    /** New trades, oldest first, each in the shape of one trade of the exchange's REST trades reply. */
    void trades(String instrument, List<JsonNode> restShaped, long eventTime);

    /** A message about the instrument's order book, for its {@link BookRules}. */
    void book(String instrument, JsonNode message);

    /**
     * The exchange accepted the subscribe or unsubscribe request with this id, or with null the oldest
     * request not yet answered (an exchange whose answers carry no id answers in order).
     */
    void accepted(String requestId);

    /** The exchange refused a request: by its id, or null for the oldest request not yet answered. */
    void refused(String requestId, String why);

    /** The exchange says it will close this connection soon (maintenance): reconnect now. */
    void closingSoon(String why);

    /**
     * The exchange refused the connection's credential (Zerocap's error 401): its topics wait, and the
     * connection is tried again, freshly signed, after the reconnect back-off.
     */
    default void unauthorized(String why) {
        closingSoon(why);
    }
}
