package io.fmzbridge.stream;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The health endpoint's word on live market data: each open stream connection, its age, when the
 * exchange was last heard and how many of its topics are live, or that none is open. Always UP: a
 * stream that is down only sends calls to REST, which the bridge serves as before.
 */
public final class StreamHealth extends AbstractHealthCheck {

    public StreamHealth() {
        super("fmz", "fmz-streams");
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<MarketStream> streams = new ArrayList<>(getCamelContext().getRegistry().findByType(MarketStream.class));
        streams.sort(Comparator.comparing(MarketStream::exchange));
        List<String> open = new ArrayList<>();
        for (MarketStream stream : streams) {
            List<String> lines = stream.openStreams();
            builder.detail(stream.exchange(), lines.isEmpty() ? "no stream open" : String.join("; ", lines));
            open.addAll(lines);
        }
        builder.up().message(open.isEmpty() ? "no stream open: market data is answered by REST until a call asks for it"
                : String.join("; ", open));
    }
}
