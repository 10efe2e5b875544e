package io.fmzbridge.fmz;

/**
 * The exchange properties under which one FMZ call travels through the routes. The gateway sets them
 * when it reads the envelope; the call leg, the signers, the vault and the exchanges read them, and a
 * call the bridge makes itself (a scheduled job, an order look-up) sets the same ones. Here, below all
 * of them, so none depends on the gateway for a name.
 */
public final class FmzCall {

    /** The {@link FmzRequest}. */
    public static final String REQUEST_PROPERTY = "fmz";
    /** Lower-case exchange id: the exchange route listens on {@code direct:<id>}. */
    public static final String EXCHANGE_PROPERTY = "fmzExchange";
    /** The exchange as the FMZ user wrote it in the service address, for error messages. */
    public static final String LABEL_PROPERTY = "fmzLabel";
    public static final String METHOD_PROPERTY = "fmzMethod";
    /** System.nanoTime() when the call arrived, for its latency and its time budget. */
    public static final String RECEIVED_PROPERTY = "fmzReceivedNanos";

    private FmzCall() {
    }
}
