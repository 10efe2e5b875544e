package io.fmzbridge.sign;

import io.fmzbridge.call.ExchangeClocks;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzCall;
import io.fmzbridge.fmz.FmzRequest;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The route step that has the call in hand signed with the FMZ request's credentials. The route
 * reads "→ signer → call leg", but the signature itself is made by the call leg right after any
 * rate-limit wait ({@link PendingSignature}): a timestamp signed before a wait would be stale on
 * arrival, and nonces taken before it could leave out of order. It is made at the exchange's time as
 * the clock-sync job measured it (the host's until it has).
 */
public final class SigningStep implements Processor {

    /** Exchange property a route sets when its scheme signs the operation's name (Backpack's instruction). */
    public static final String INSTRUCTION_PROPERTY = "instruction";

    private final RequestSigner signer;
    private final Clock fixedClock;
    private volatile ExchangeClocks clocks;

    /** Signs on a given clock, whatever the exchange's: for tests. */
    public SigningStep(RequestSigner signer, Clock clock) {
        this.signer = signer;
        this.fixedClock = clock;
    }

    /** Signs on each exchange's measured clock, from the registry's {@link ExchangeClocks}. */
    public SigningStep(RequestSigner signer) {
        this(signer, null);
    }

    @Override
    public void process(Exchange exchange) {
        FmzRequest request = exchange.getProperty(FmzCall.REQUEST_PROPERTY, FmzRequest.class);
        if (clocks == null && fixedClock == null) {
            ExchangeClocks found = exchange.getContext().getRegistry().findSingleByType(ExchangeClocks.class);
            clocks = found != null ? found : new ExchangeClocks(Clock.systemUTC());
        }
        exchange.setProperty(PendingSignature.PROPERTY,
                new PendingSignature(this, request, exchange.getProperty(INSTRUCTION_PROPERTY, String.class)));
    }

    RequestSigner signer() {
        return signer;
    }

    RestCall sign(RestCall call, FmzRequest request, String instruction) {
        Clock clock = fixedClock != null ? fixedClock : clocks.clockOf(request.exchange());
        return signer.sign(call, instruction, request.accessKey(), request.secretKey(), clock.instant());
    }
}
