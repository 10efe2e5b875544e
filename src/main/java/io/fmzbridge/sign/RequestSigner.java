package io.fmzbridge.sign;

import io.fmzbridge.call.RestCall;
import java.time.Instant;

/**
 * A signing scheme: a pure function of the credentials FMZ sent, the call as it will be sent and
 * the time, giving the call with the exchange's authentication added (headers or parameters).
 */
public interface RequestSigner {

    RestCall sign(RestCall call, String accessKey, String secretKey, Instant now);
}
