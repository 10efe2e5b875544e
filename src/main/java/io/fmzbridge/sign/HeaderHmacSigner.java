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
 *     demoHeader: "x-simulated-trading: 1"  # sent for a demo key ("secret,passphrase,simulate")
 *     demoKeyWord: simulate
 *     demoTrading: false                  # true: every key's calls are demo calls
 * </pre>
 */
public final class HeaderHmacSigner extends HmacScheme {

    private Prehash prehash = Prehash.parse("{timestamp}{verb}{path}{?query}{body}");
    private String keyHeader;
    private String signatureHeader;
    private String timestampHeader;
    private String passphraseHeader;
    private String demoHeaderName;
    private String demoHeaderValue;
    private String demoKeyWord;
    private boolean demoTrading;

    public HeaderHmacSigner() {
        super(true);
    }

    @Override
    public RestCall sign(RestCall call, String accessKey, String secretKey, Instant now) {
        String keyName = required(keyHeader, "keyHeader");
        String signatureName = required(signatureHeader, "signatureHeader");
        ApiKey key = ApiKey.parse(accessKey, secretKey, passphraseHeader != null, demoHeaderName == null ? null : demoKeyWord);
        String timestamp = timestamp(now);
        RestCall signed = call.header(keyName, key.key())
                .header(signatureName, signature(key.secret(), prehash.of(call, timestamp, key.key())));
        if (timestampHeader != null) {
            signed = signed.header(timestampHeader, timestamp);
        }
        if (passphraseHeader != null) {
            signed = signed.header(passphraseHeader, key.passphrase());
        }
        return demoHeaderName != null && (demoTrading || key.demo()) ? signed.header(demoHeaderName, demoHeaderValue) : signed;
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

    /**
     * The header that sends a call to the exchange's demo environment, as {@code "Name: value"}
     * ({@code "x-simulated-trading: 1"}): sent for a key whose Secret Key ends in {@code demoKeyWord},
     * or for every key under {@code demoTrading}.
     */
    public void setDemoHeader(String header) {
        int colon = header.indexOf(':');
        if (colon <= 0 || header.substring(colon + 1).isBlank()) {
            throw new IllegalArgumentException("demoHeader must read 'Name: value', like 'x-simulated-trading: 1'; got '" + header + "'");
        }
        demoHeaderName = header.substring(0, colon).trim();
        demoHeaderValue = header.substring(colon + 1).trim();
    }

    /**
     * The word after the passphrase that makes a key a demo key ({@code simulate}: FMZ's Secret Key
     * {@code secret,passphrase,simulate}); needs {@code passphraseHeader} and {@code demoHeader}.
     */
    public void setDemoKeyWord(String word) {
        if (word.isBlank() || word.contains(",")) {
            throw new IllegalArgumentException("demoKeyWord must be one word, like simulate; got '" + word + "'");
        }
        demoKeyWord = word.trim();
    }

    /** Every call demo, whatever the key: for a bridge run on the exchange's demo environment. */
    public void setDemoTrading(boolean demoTrading) {
        this.demoTrading = demoTrading;
    }

    /** Set when the exchange issues a passphrase: FMZ's Secret Key then holds {@code secret,passphrase}. */
    public void setPassphraseHeader(String passphraseHeader) {
        this.passphraseHeader = passphraseHeader;
    }
}
