package io.fmzbridge.sign;

import io.fmzbridge.call.RestCall;
import java.time.Instant;

/**
 * Binance's scheme, configured in a route file for the exchanges that copied it: the timestamp (and
 * optionally a receive window) join the query, {@code signature = encode(HMAC(secret, query + body))}
 * over the exact encoded bytes sent is appended as the last parameter, and the API key travels in a
 * header the exchange names.
 *
 * <pre>
 * - name: acmeHmac
 *   type: io.fmzbridge.sign.QueryHmacSigner
 *   properties:
 *     keyHeader: X-ACME-APIKEY
 *     recvWindowParam: recvWindow        # optional, with recvWindowMs
 *     recvWindowMs: 5000
 * </pre>
 */
public final class QueryHmacSigner extends HmacScheme {

    private String keyHeader;
    private String timestampParam = "timestamp";
    private String signatureParam = "signature";
    private String recvWindowParam;
    private long recvWindowMs;

    public QueryHmacSigner() {
        super(false);
    }

    @Override
    public RestCall sign(RestCall call, String accessKey, String secretKey, Instant now) {
        String keyName = required(keyHeader, "keyHeader");
        ApiKey key = ApiKey.parse(accessKey, secretKey, false);
        RestCall stamped = recvWindowParam == null ? call : call.param(recvWindowParam, recvWindowMs);
        stamped = stamped.param(timestampParam, timestamp(now));
        return stamped.param(signatureParam, signature(key.secret(), stamped.query() + stamped.body()))
                .header(keyName, key.key());
    }

    public void setKeyHeader(String keyHeader) {
        this.keyHeader = keyHeader;
    }

    public void setTimestampParam(String timestampParam) {
        this.timestampParam = timestampParam;
    }

    public void setSignatureParam(String signatureParam) {
        this.signatureParam = signatureParam;
    }

    public void setRecvWindowParam(String recvWindowParam) {
        this.recvWindowParam = recvWindowParam;
    }

    public void setRecvWindowMs(long recvWindowMs) {
        this.recvWindowMs = recvWindowMs;
    }
}
