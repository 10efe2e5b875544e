package io.fmzbridge.sign;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.gateway.EnvelopeReader;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;

/** The route step that signs the {@link RestCall} in the body with the FMZ request's credentials. */
public final class SigningStep implements Processor {

    /** Exchange property a route sets when its scheme signs the operation's name (Backpack's instruction). */
    public static final String INSTRUCTION_PROPERTY = "instruction";

    private final RequestSigner signer;
    private final Clock clock;

    public SigningStep(RequestSigner signer, Clock clock) {
        this.signer = signer;
        this.clock = clock;
    }

    /** A step on the host's UTC clock. */
    public SigningStep(RequestSigner signer) {
        this(signer, Clock.systemUTC());
    }

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        FmzRequest request = exchange.getProperty(EnvelopeReader.REQUEST_PROPERTY, FmzRequest.class);
        RestCall call = exchange.getMessage().getMandatoryBody(RestCall.class);
        String instruction = exchange.getProperty(INSTRUCTION_PROPERTY, String.class);
        exchange.getMessage().setBody(signer.sign(call, instruction, request.accessKey(), request.secretKey(), clock.instant()));
    }
}
