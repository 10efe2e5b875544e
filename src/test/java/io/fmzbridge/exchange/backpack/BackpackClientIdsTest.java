package io.fmzbridge.exchange.backpack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.call.ClientOrderIds;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.OrderRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** uint32 client ids that never stop an order nor lend a strategy another order's id. */
class BackpackClientIdsTest {

    private static final Instant NOW = Instant.parse("2025-07-27T14:00:00Z");
    private static final ObjectNode PARAMS = FmzJson.MAPPER.createObjectNode()
            .put("symbol", "SOL_USDC").put("type", "buy").put("amount", "0.5").put("price", "150.25");

    private final BackpackClientIds clientIds = new BackpackClientIds(Clock.fixed(NOW, ZoneOffset.UTC));

    /**
     * Two nonces whose requests' digests start with the same 32 bits, so a digest-derived client id
     * would be the same for two different orders: found by trying nonces, as a busy day's orders would.
     */
    static long[] collidingNonces(String exchange, String accessKey, String secretKey, JsonNode params) {
        Map<Long, Long> seen = new HashMap<>();
        long base = 1_730_275_031_047_002_000L;
        for (long nonce = base; nonce < base + 2_000_000; nonce++) {
            Long earlier = seen.putIfAbsent(ClientOrderIds.uint32(trade(exchange, accessKey, secretKey, params, nonce)), nonce);
            if (earlier != null) {
                return new long[] {earlier, nonce};
            }
        }
        throw new IllegalStateException("no two of two million nonces collide in 32 bits");
    }

    private static FmzRequest trade(String exchange, String accessKey, String secretKey, JsonNode params, long nonce) {
        return new FmzRequest(exchange, "trade", params, accessKey, secretKey, null, String.valueOf(nonce));
    }

    private BackpackClientIds.Placement assign(long nonce) {
        FmzRequest request = trade("backpack", "key", "secret", PARAMS, nonce);
        return clientIds.assign(request, OrderRequest.of(request), "SOL_USDC");
    }

    private static ObjectNode order(long clientId, String quantity, String price, Instant createdAt) {
        return FmzJson.MAPPER.createObjectNode().put("id", "4228978330").put("clientId", clientId).put("symbol", "SOL_USDC")
                .put("side", "Bid").put("orderType", "Limit").put("price", price).put("quantity", quantity)
                .put("status", "New").put("createdAt", createdAt.toEpochMilli());
    }

    @Test
    void collidingRequestsGetDifferentClientIdsAndGuardKeys() {
        long[] nonces = collidingNonces("backpack", "key", "secret", PARAMS);
        BackpackClientIds.Placement first = assign(nonces[0]);
        BackpackClientIds.Placement second = assign(nonces[1]);
        assertThat(first.clientId()).isEqualTo(ClientOrderIds.uint32(trade("backpack", "key", "secret", PARAMS, nonces[0])));
        assertThat(second.clientId()).isEqualTo((first.clientId() + 1) % (1L << 32));
        assertThat(second.key()).isNotEqualTo(first.key());
        assertThat(assign(nonces[1])).as("a retried request keeps what it was given").isEqualTo(second);
        assertThat(clientIds.placement(second.key())).contains(second);
        assertThat(clientIds.placement(first.clientId() + "/" + second.key().substring(second.key().indexOf('/') + 1)))
                .as("a key is whole or nothing").isEmpty();
    }

    @Test
    void onlyTheOrderThatWasSentCounts() {
        BackpackClientIds.Placement placement = assign(42);
        long id = placement.clientId();
        assertThat(placement.isMatchedBy(order(id, "0.5", "150.25", NOW.plusMillis(30)))).isTrue();
        assertThat(placement.isMatchedBy(order(id, "0.50", "150.250", NOW.minusSeconds(5)))).as("equal decimals, clocks apart").isTrue();
        assertThat(placement.isMatchedBy(order(id + 1, "0.5", "150.25", NOW))).as("another client id").isFalse();
        assertThat(placement.isMatchedBy(order(id, "0.6", "150.25", NOW))).as("another size").isFalse();
        assertThat(placement.isMatchedBy(order(id, "0.5", "150.26", NOW))).as("another price").isFalse();
        assertThat(placement.isMatchedBy(order(id, "0.5", "150.25", NOW.minus(Duration.ofMinutes(5)))))
                .as("an older order that had the same client id").isFalse();
        assertThat(placement.isMatchedBy(order(id, "0.5", "150.25", NOW).put("side", "Ask"))).isFalse();
        assertThat(placement.isMatchedBy(order(id, "0.5", "150.25", NOW).putNull("clientId"))).isFalse();
    }
}
