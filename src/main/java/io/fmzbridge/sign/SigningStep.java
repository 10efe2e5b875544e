package io.fmzbridge.sign;

import io.fmzbridge.call.ExchangeClocks;
import io.fmzbridge.call.HttpRequestStep;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.gateway.EnvelopeReader;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;

/**
 * The route step that signs the {@link RestCall} in the body with the FMZ request's credentials,
 * at the exchange's time as the clock-sync job measured it (the host's until it has).
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
    public void process(Exchange exchange) throws InvalidPayloadException {
        FmzRequest request = exchange.getProperty(EnvelopeReader.REQUEST_PROPERTY, FmzRequest.class);
        RestCall call = exchange.getMessage().getMandatoryBody(RestCall.class);
        exchange.setProperty(HttpRequestStep.SIGNED_BY_PROPERTY, request.accessKey());
        String instruction = exchange.getProperty(INSTRUCTION_PROPERTY, String.class);
        exchange.getMessage().setBody(signer.sign(call, instruction, request.accessKey(), request.secretKey(),
                clock(exchange, request).instant()));
    }

    private Clock clock(Exchange exchange, FmzRequest request) {
        if (fixedClock != null) {
            return fixedClock;
        }
        if (clocks == null) {
            ExchangeClocks found = exchange.getContext().getRegistry().findSingleByType(ExchangeClocks.class);
            clocks = found != null ? found : new ExchangeClocks(Clock.systemUTC());
        }
        return clocks.clockOf(request.exchange());
    }
}
