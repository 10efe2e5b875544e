package io.fmzbridge.sign;

import io.fmzbridge.call.RestCall;
import java.time.Instant;

/**
 * A signing scheme: a pure function of the credentials FMZ sent, the call as it will be sent and
 * the time, giving the call with the exchange's authentication added (headers or parameters).
 */
public interface RequestSigner {

    RestCall sign(RestCall call, String accessKey, String secretKey, Instant now);

    /**
     * For schemes that sign the name of the operation along with the call (Backpack's
     * "instruction"): the route names it in the {@link SigningStep#INSTRUCTION_PROPERTY} property,
     * null when it names none. Schemes without such a name ignore it.
     */
    default RestCall sign(RestCall call, String instruction, String accessKey, String secretKey, Instant now) {
        return sign(call, accessKey, secretKey, now);
    }

    /**
     * True for schemes whose exchange refuses a nonce not above the last one it saw for the key
     * (Kraken, Bitfinex): the call leg then lets one signed call per key be under way at a time, so
     * nonces arrive in the order they were taken.
     */
    default boolean needsNonceOrder() {
        return false;
    }
}
