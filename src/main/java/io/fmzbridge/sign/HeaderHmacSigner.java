package io.fmzbridge.sign;

import io.fmzbridge.call.RestCall;
import java.time.Instant;

/**
 * The scheme most exchanges share, configured in a route file instead of written per exchange:
 * {@code signature = encode(HMAC(secret, prehash))} with the prehash built from the call (by default
 * {@code timestamp + VERB + path?query + body}, OKX's and Bitget's), sent with the API key, the
 * timestamp and, where the exchange issues one, the passphrase in headers the exchange names.
 *
 * <pre>
 * - name: acmeHmac
 *   type: io.fmzbridge.sign.HeaderHmacSigner
 *   properties:
 *     keyHeader: ACME-KEY
 *     signatureHeader: ACME-SIGN
 *     timestampHeader: ACME-TIMESTAMP
 *     passphraseHeader: ACME-PASSPHRASE   # FMZ Secret Key is then "secret,passphrase"
 *     timestamp: millis                   # or seconds, iso-millis
 *     encoding: base64                    # or hex
 * </pre>
 */
public final class HeaderHmacSigner extends HmacScheme {

    private Prehash prehash = Prehash.parse("{timestamp}{verb}{path}{?query}{body}");
    private String keyHeader;
    private String signatureHeader;
    private String timestampHeader;
    private String passphraseHeader;

    public HeaderHmacSigner() {
        super(true);
    }

    @Override
    public RestCall sign(RestCall call, String accessKey, String secretKey, Instant now) {
        String keyName = required(keyHeader, "keyHeader");
        String signatureName = required(signatureHeader, "signatureHeader");
        ApiKey key = ApiKey.parse(accessKey, secretKey, passphraseHeader != null);
        String timestamp = timestamp(now);
        RestCall signed = call.header(keyName, key.key())
                .header(signatureName, signature(key.secret(), prehash.of(call, timestamp, key.key())));
        if (timestampHeader != null) {
            signed = signed.header(timestampHeader, timestamp);
        }
        return passphraseHeader == null ? signed : signed.header(passphraseHeader, key.passphrase());
    }

    /** The signed text as a template; see {@link Prehash} for its parts. */
    public void setPrehash(String template) {
        this.prehash = Prehash.parse(template);
    }

    public void setKeyHeader(String keyHeader) {
        this.keyHeader = keyHeader;
    }

    public void setSignatureHeader(String signatureHeader) {
        this.signatureHeader = signatureHeader;
    }

    public void setTimestampHeader(String timestampHeader) {
        this.timestampHeader = timestampHeader;
    }

    /** Set when the exchange issues a passphrase: FMZ's Secret Key then holds {@code secret,passphrase}. */
    public void setPassphraseHeader(String passphraseHeader) {
        this.passphraseHeader = passphraseHeader;
    }
}
