package io.fmzbridge;

import io.fmzbridge.call.ApiPassThrough;
import io.fmzbridge.call.HttpRequestStep;
import io.fmzbridge.exchange.okx.OkxMapper;
import io.fmzbridge.exchange.okx.OkxRequests;
import io.fmzbridge.exchange.okx.OkxSigner;
import io.fmzbridge.gateway.EnvelopeReader;
import io.fmzbridge.gateway.JsonBodyBinding;
import io.fmzbridge.gateway.ReplyWriter;
import io.fmzbridge.sign.SigningStep;
import java.time.Clock;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/**
 * Every bean the YAML routes name, by the name they use. Add this configuration to a CamelContext
 * and load the route files, and the bridge runs there.
 */
public class BridgeBeans implements CamelConfiguration {

    private final Clock clock = Clock.systemUTC();

    // --- the FMZ side ---

    @BindToRegistry
    public EnvelopeReader envelopeReader(@PropertyInject(value = "fmz.listen.max-body-bytes", defaultValue = "65536") int maxBodyBytes) {
        return new EnvelopeReader(maxBodyBytes);
    }

    @BindToRegistry
    public ReplyWriter replyWriter() {
        return new ReplyWriter();
    }

    @BindToRegistry
    public JsonBodyBinding fmzHttpBinding() {
        return new JsonBodyBinding();
    }

    // --- shared by every exchange ---

    @BindToRegistry
    public HttpRequestStep httpRequest() {
        return new HttpRequestStep();
    }

    @BindToRegistry
    public ApiPassThrough apiPassThrough() {
        return new ApiPassThrough();
    }

    // --- OKX ---

    @BindToRegistry
    public OkxRequests okxRequests() {
        return new OkxRequests();
    }

    @BindToRegistry
    public SigningStep okxSigner() {
        return new SigningStep(new OkxSigner(), clock);
    }

    @BindToRegistry
    public OkxMapper okxMapper() {
        return new OkxMapper();
    }
}
