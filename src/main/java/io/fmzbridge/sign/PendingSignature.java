package io.fmzbridge.sign;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzRequest;

/**
 * A signature the exchange route asked for and the call leg makes: the route names the signer and
 * the FMZ request's credentials ({@link SigningStep}), the leg signs right after any rate-limit
 * wait, so a timestamp is fresh and a nonce is taken in the order calls leave.
 */
public final class PendingSignature {

    /** Exchange property holding the signature still to be made; the leg removes it once it has signed. */
    public static final String PROPERTY = "pendingSignature";

    private final SigningStep step;
    private final FmzRequest request;
    private final String instruction;

    PendingSignature(SigningStep step, FmzRequest request, String instruction) {
        this.step = step;
        this.request = request;
        this.instruction = instruction;
    }

    /** The API key the call is signed with: whose allowance it spends. */
    public String accessKey() {
        return request.accessKey();
    }

    /** True when the exchange refuses a nonce not above the key's last, so calls on a key must arrive in order. */
    public boolean needsNonceOrder() {
        return step.signer().needsNonceOrder();
    }

    /** {@code call} signed now, on the exchange's clock. */
    public RestCall signNow(RestCall call) {
        return step.sign(call, request, instruction);
    }

    /** Never print the credentials. */
    @Override
    public String toString() {
        return "PendingSignature[" + request.exchange() + "]";
    }
}
