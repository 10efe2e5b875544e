package io.fmzbridge.exchange.upbit;

import com.nimbusds.jose.JWSAlgorithm;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.sign.QueryHashJwt;
import io.fmzbridge.sign.RequestSigner;
import java.time.Instant;

/**
 * Upbit's authentication (docs.upbit.com/kr/reference/auth): a Bearer JWT, HS512 as the docs'
 * example token is, with {@code access_key}, a UUID {@code nonce} and, when the call has
 * parameters, {@code query_hash}/{@code query_hash_alg}. No timestamp claim: Upbit checks only
 * that a nonce is never reused. FMZ's Access Key is Upbit's access key, its Secret Key the secret.
 */
public final class UpbitSigner implements RequestSigner {

    static final QueryHashJwt JWT = new QueryHashJwt(JWSAlgorithm.HS512, false);

    @Override
    public RestCall sign(RestCall call, String accessKey, String secretKey, Instant now) {
        if (accessKey.isBlank() || secretKey.isBlank()) {
            throw new FmzError("missing credentials: put the Upbit access key in the Access Key and its secret key in the Secret Key on FMZ");
        }
        return JWT.sign(call, accessKey.trim(), secretKey.trim(), now);
    }
}
