package io.fmzbridge.exchange.backpack;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Backpack stub must be as strict as Backpack, or tests against it prove nothing: it accepts
 * Backpack's documented signature (made without any bridge code) and refuses anything else.
 */
class BackpackStubTest {

    static final String PUBLIC_KEY = BackpackSignerTest.DEMO_PUBLIC_KEY;
    static final String DOC_SIGNATURE = "aKisDELOQeekrU+Up7rS/6gZBp0qunOsPwThvby1n5TaohLLP7NghvHoc4peKNGCg/rWC1gtiOKKSW2xNxCGAQ==";
    static final long DOC_TIME = 1614550000000L;
    /** Backpack's API FAQ: a signature over the wrong string. */
    private static final String INVALID_SIGNATURE = "{\"code\":\"INVALID_CLIENT_REQUEST\",\"message\":\"Invalid signature\"}";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private BackpackStub backpack;

    @BeforeEach
    void start() {
        backpack = BackpackStub.start();
        backpack.addAccount(PUBLIC_KEY, Map.of());
        backpack.useClock(Clock.fixed(Instant.ofEpochMilli(DOC_TIME + 1000), ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        backpack.close();
    }

    @Test
    void acceptsTheDocumentedCancelSignature() throws Exception {
        Map<String, String> headers = headers(DOC_SIGNATURE, DOC_TIME, "5000");
        HttpResponse<String> reply = send("DELETE", "/api/v1/order", "{\"symbol\":\"BTC_USDT\",\"orderId\":\"28\"}", headers);
        assertThat(reply.body()).as("past authentication: there is just no order 28").contains("RESOURCE_NOT_FOUND");
        headers.remove("X-Window");
        reply = send("DELETE", "/api/v1/order", "{\"orderId\":\"28\",\"symbol\":\"BTC_USDT\"}", headers);
        assertThat(reply.body()).as("the window is signed even when the header is left out").contains("RESOURCE_NOT_FOUND");
    }

    @Test
    void refusesATamperedCall() throws Exception {
        HttpResponse<String> reply = send("DELETE", "/api/v1/order", "{\"symbol\":\"BTC_USDT\",\"orderId\":\"29\"}",
                headers(DOC_SIGNATURE, DOC_TIME, "5000"));
        assertThat(reply.statusCode()).isEqualTo(401);
        assertThat(reply.body()).as("Backpack's API FAQ").isEqualTo(INVALID_SIGNATURE);
        reply = send("DELETE", "/api/v1/order", "{\"symbol\":\"BTC_USDT\",\"orderId\":\"28\"}", headers(DOC_SIGNATURE, DOC_TIME, "6000"));
        assertThat(reply.body()).isEqualTo(INVALID_SIGNATURE);
        reply = send("DELETE", "/api/v1/order", "{\"symbol\":\"BTC_USDT\",\"orderId\":\"28\"}", headers("c2lnbmVk", DOC_TIME, "5000"));
        assertThat(reply.statusCode()).isEqualTo(401);
        assertThat(reply.body()).as("no ED25519 signature at all")
                .isEqualTo("{\"code\":\"INVALID_CLIENT_REQUEST\",\"message\":\"Invalid X-Signature header\"}");
    }

    @Test
    void refusesStaleOrWideWindowsAndMissingHeaders() throws Exception {
        String body = "{\"symbol\":\"BTC_USDT\",\"orderId\":\"28\"}";
        backpack.useClock(Clock.fixed(Instant.ofEpochMilli(DOC_TIME + 5001), ZoneOffset.UTC));
        HttpResponse<String> expired = send("DELETE", "/api/v1/order", body, headers(DOC_SIGNATURE, DOC_TIME, "5000"));
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).as("Backpack's API FAQ")
                .isEqualTo("{\"code\":\"INVALID_CLIENT_REQUEST\",\"message\":\"Request has expired\"}");
        assertThat(send("DELETE", "/api/v1/order", body, headers(DOC_SIGNATURE, DOC_TIME, "60001")).body()).contains("Invalid X-Window");
    }

    @Test
    void refusesAnUnsignedPrivateCallAsBackpackDoes() throws Exception {
        String invalidTimestamp = "{\"code\":\"INVALID_CLIENT_REQUEST\",\"message\":\"Invalid timestamp\"}";
        HttpResponse<String> reply = send("GET", "/api/v1/capital", "", Map.of());
        assertThat(reply.statusCode()).isEqualTo(401);
        assertThat(reply.body()).isEqualTo(invalidTimestamp);
        reply = send("DELETE", "/api/v1/order", "{\"symbol\":\"BTC_USDT\",\"orderId\":\"28\"}", Map.of("Content-Type", "application/json"));
        assertThat(reply.body()).isEqualTo(invalidTimestamp);
    }

    @Test
    void booleansAreSignedLowerCase() throws Exception {
        String body = "{\"symbol\":\"SOL_USDC\",\"side\":\"Bid\",\"orderType\":\"Limit\",\"price\":\"170.5\",\"quantity\":\"1\",\"postOnly\":true}";
        String signed = "instruction=orderExecute&orderType=Limit&postOnly=%s&price=170.5&quantity=1&side=Bid&symbol=SOL_USDC"
                + "&timestamp=" + DOC_TIME + "&window=5000";
        HttpResponse<String> reply = send("POST", "/api/v1/order", body, headers(jdkSign(signed.formatted("true")), DOC_TIME, "5000"));
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).contains("\"status\":\"New\"");
        reply = send("POST", "/api/v1/order", body, headers(jdkSign(signed.formatted("True")), DOC_TIME, "5000"));
        assertThat(reply.body()).isEqualTo(INVALID_SIGNATURE);
    }

    @Test
    void publicEndpointsNeedNoKey() throws Exception {
        HttpResponse<String> reply = send("GET", "/api/v1/ticker?symbol=SOL_USDC", "", Map.of());
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).contains("\"lastPrice\":\"171.25\"");
    }

    private static Map<String, String> headers(String signature, long timestamp, String window) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-API-Key", PUBLIC_KEY);
        headers.put("X-Signature", signature);
        headers.put("X-Timestamp", String.valueOf(timestamp));
        headers.put("X-Window", window);
        headers.put("Content-Type", "application/json; charset=utf-8");
        return headers;
    }

    /** The JDK's Ed25519 from the demo seed wrapped in PKCS#8, as the exchange notes describe for Java 15+. */
    private static String jdkSign(String message) throws Exception {
        byte[] pkcs8 = HexFormat.of().parseHex("302e020100300506032b657004220420"
                + HexFormat.of().formatHex(Base64.getDecoder().decode(BackpackSignerTest.DEMO_SEED)));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
        signer.update(message.getBytes(UTF_8));
        return Base64.getEncoder().encodeToString(signer.sign());
    }

    private HttpResponse<String> send(String verb, String pathAndQuery, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(backpack.baseUrl() + pathAndQuery))
                .method(verb, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
