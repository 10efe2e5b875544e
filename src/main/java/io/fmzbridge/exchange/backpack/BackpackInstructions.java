package io.fmzbridge.exchange.backpack;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzRequest;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Backpack's private endpoints and the instruction each one's signature names
 * ({@code instruction=balanceQuery&…}), as Backpack's API reference gives it under every endpoint
 * (docs.backpack.exchange, "Instruction:"). An endpoint not listed is public and goes out unsigned.
 */
public final class BackpackInstructions {

    /** The exchange.IO query parameter that names the instruction of an endpoint this table lacks. */
    static final String API_OVERRIDE = "instruction";

    private static final Map<String, String> BY_ENDPOINT = Map.ofEntries(
            // Account
            Map.entry("GET /api/v1/account", "accountQuery"),
            Map.entry("PATCH /api/v1/account", "accountUpdate"),
            Map.entry("POST /api/v1/account/convertDust", "convertDust"),
            Map.entry("GET /api/v1/account/limits/borrow", "maxBorrowQuantity"),
            Map.entry("GET /api/v1/account/limits/order", "maxOrderQuantity"),
            Map.entry("GET /api/v1/account/limits/withdrawal", "maxWithdrawalQuantity"),
            // Borrow lend
            Map.entry("GET /api/v1/borrowLend/positions", "borrowLendPositionQuery"),
            Map.entry("POST /api/v1/borrowLend", "borrowLendExecute"),
            // Capital
            Map.entry("GET /api/v1/capital", "balanceQuery"),
            Map.entry("GET /api/v1/capital/collateral", "collateralQuery"),
            Map.entry("GET /wapi/v1/capital/deposits", "depositQueryAll"),
            Map.entry("GET /wapi/v1/capital/deposit/address", "depositAddressQuery"),
            Map.entry("GET /wapi/v1/capital/withdrawals", "withdrawalQueryAll"),
            Map.entry("POST /wapi/v1/capital/withdrawals", "withdraw"),
            // Orders; the batch POST /api/v1/orders signs each order of its JSON array in turn
            Map.entry("GET /api/v1/order", "orderQuery"),
            Map.entry("POST /api/v1/order", "orderExecute"),
            Map.entry("DELETE /api/v1/order", "orderCancel"),
            Map.entry("GET /api/v1/orders", "orderQueryAll"),
            Map.entry("POST /api/v1/orders", "orderExecute"),
            Map.entry("DELETE /api/v1/orders", "orderCancelAll"),
            // Positions
            Map.entry("GET /api/v1/position", "positionQuery"),
            // Request for quote
            Map.entry("POST /api/v1/rfq", "rfqSubmit"),
            Map.entry("GET /api/v1/rfqs", "rfqQuery"),
            Map.entry("POST /api/v1/rfq/quote", "quoteSubmit"),
            Map.entry("POST /api/v1/rfq/accept", "quoteAccept"),
            Map.entry("POST /api/v1/rfq/refresh", "rfqRefresh"),
            Map.entry("POST /api/v1/rfq/cancel", "rfqCancel"),
            // Strategies
            Map.entry("GET /api/v1/strategy", "strategyQuery"),
            Map.entry("POST /api/v1/strategy", "strategyCreate"),
            Map.entry("DELETE /api/v1/strategy", "strategyCancel"),
            Map.entry("GET /api/v1/strategies", "strategyQueryAll"),
            Map.entry("DELETE /api/v1/strategies", "strategyCancelAll"),
            // Vaults
            Map.entry("POST /api/v1/vault/mint", "vaultMint"),
            Map.entry("POST /api/v1/vault/redeem", "vaultRedeemRequest"),
            Map.entry("DELETE /api/v1/vault/redeem", "vaultRedeemCancel"),
            Map.entry("GET /api/v1/vault/redeems/pending", "vaultPendingRedeemsQuery"),
            Map.entry("GET /api/v1/vault/nav", "vaultNavQuery"),
            // History
            Map.entry("GET /wapi/v1/history/borrowLend", "borrowHistoryQueryAll"),
            Map.entry("GET /wapi/v1/history/borrowLend/positions", "borrowPositionHistoryQueryAll"),
            Map.entry("GET /wapi/v1/history/interest", "interestHistoryQueryAll"),
            Map.entry("GET /wapi/v1/history/dust", "dustHistoryQueryAll"),
            Map.entry("GET /wapi/v1/history/fills", "fillHistoryQueryAll"),
            Map.entry("GET /wapi/v1/history/funding", "fundingHistoryQueryAll"),
            Map.entry("GET /wapi/v1/history/orders", "orderHistoryQueryAll"),
            Map.entry("GET /wapi/v1/history/position", "positionHistoryQueryAll"),
            Map.entry("GET /wapi/v1/history/rfq", "rfqHistoryQueryAll"),
            Map.entry("GET /wapi/v1/history/rfq/fill", "rfqFillHistoryQueryAll"),
            Map.entry("GET /wapi/v1/history/quote", "quoteHistoryQueryAll"),
            Map.entry("GET /wapi/v1/history/quote/fill", "quoteFillHistoryQueryAll"),
            Map.entry("GET /wapi/v1/history/settlement", "settlementHistoryQueryAll"),
            Map.entry("GET /wapi/v1/history/strategies", "strategyHistoryQueryAll"));

    /** The instruction of a private endpoint ({@code "GET", "/api/v1/capital"}); empty for any other. */
    public static Optional<String> of(String verb, String path) {
        return Optional.ofNullable(BY_ENDPOINT.get(verb + " " + path));
    }

    /**
     * What an exchange.IO call is signed with: the query's {@code instruction=} when the strategy
     * names one (for an endpoint this table lacks), else the table's; null for a public endpoint.
     */
    public String forApi(@ExchangeProperty(BackpackRequests.REQUEST) FmzRequest request, @Body RestCall call) {
        String named = request.param(API_OVERRIDE);
        return named != null ? named : of(call.verb(), call.path()).orElse(null);
    }
}
