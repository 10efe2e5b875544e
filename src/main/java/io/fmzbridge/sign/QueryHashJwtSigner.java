package io.fmzbridge.sign;

import com.nimbusds.jose.JWSAlgorithm;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * The "JWT with query hash" scheme ({@link QueryHashJwt}: Upbit's, Bithumb's) configured in a route
 * file instead of written per exchange: a Bearer token signed with the secret, its claims the access
 * key, a fresh nonce, the query hash when the call has parameters and, where the exchange wants it,
 * the time.
 *
 * <pre>
 * - name: acmeJwt
 *   type: io.fmzbridge.sign.QueryHashJwtSigner
 *   properties:
 *     algorithm: HS512      # HS256 (default), HS384 or HS512
 *     timestamp: false      # true: a "timestamp" claim in Unix ms
 * </pre>
 */
public final class QueryHashJwtSigner implements RequestSigner {

    private static final Set<String> ALGORITHMS = Set.of("HS256", "HS384", "HS512");

    private JWSAlgorithm algorithm = JWSAlgorithm.HS256;
    private boolean timestamp;
    private volatile QueryHashJwt scheme;

    @Override
    public RestCall sign(RestCall call, String accessKey, String secretKey, Instant now) {
        if (accessKey.isBlank() || secretKey.isBlank()) {
            throw new FmzError("missing credentials: put the API key in the Access Key and its secret in the Secret Key on FMZ");
        }
        return scheme().sign(call, accessKey.trim(), secretKey.trim(), now);
    }

    private QueryHashJwt scheme() {
        QueryHashJwt current = scheme;
        if (current == null) {
            current = new QueryHashJwt(algorithm, timestamp);
            scheme = current;
        }
        return current;
    }

    public void setAlgorithm(String name) {
        String upper = name.trim().toUpperCase(Locale.ROOT);
        if (!ALGORITHMS.contains(upper)) {
            throw new IllegalArgumentException("algorithm must be HS256, HS384 or HS512, not '" + name + "'");
        }
        algorithm = JWSAlgorithm.parse(upper);
        scheme = null;
    }

    public void setTimestamp(boolean timestamp) {
        this.timestamp = timestamp;
        scheme = null;
    }
}
