package io.fmzbridge.exchange.zerocap;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.sign.RequestSigner;
import java.time.Instant;

/**
 * Zerocap DMA REST authentication: headers {@code api-key}, {@code signature} and {@code timestamp}
 * (Unix seconds), the signature being the hex HMAC-SHA256 of the timestamp alone. Verb, path and
 * body are not signed, so the call itself is left as it is.
 */
public final class ZerocapSigner implements RequestSigner {

    @Override
    public RestCall sign(RestCall call, String accessKey, String secretKey, Instant now) {
        RestCall signed = call;
        for (var header : ZerocapCredentials.parse(accessKey, secretKey).headers(now).entrySet()) {
            signed = signed.header(header.getKey(), header.getValue());
        }
        return signed;
    }
}
