package io.fmzbridge.exchange.bithumb;

import com.nimbusds.jose.JWSAlgorithm;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.sign.QueryHashJwt;
import io.fmzbridge.sign.RequestSigner;
import java.time.Instant;

/**
 * Bithumb's JWT API authentication (apidocs.bithumb.com, "인증 토큰 생성하기"): a Bearer JWT, HS256,
 * with {@code access_key}, a UUID {@code nonce}, {@code timestamp} in ms (on Bithumb's clock as
 * the clock-sync job measures it) and, when the call has parameters, {@code query_hash} and
 * {@code query_hash_alg}. FMZ's Access Key is Bithumb's API key, its Secret Key the secret.
 */
public final class BithumbSigner implements RequestSigner {

    static final QueryHashJwt JWT = new QueryHashJwt(JWSAlgorithm.HS256, true);

    @Override
    public RestCall sign(RestCall call, String accessKey, String secretKey, Instant now) {
        if (accessKey.isBlank() || secretKey.isBlank()) {
            throw new FmzError("missing credentials: put the Bithumb API key in the Access Key and its secret in the Secret Key on FMZ");
        }
        return JWT.sign(call, accessKey.trim(), secretKey.trim(), now);
    }
}
