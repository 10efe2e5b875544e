package io.fmzbridge.exchange.backpack;

import static io.fmzbridge.exchange.backpack.BackpackMapperTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.call.RestCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Which instruction a Backpack call is signed with, from Backpack's API reference. */
class BackpackInstructionsTest {

    private final BackpackInstructions instructions = new BackpackInstructions();

    @Test
    void eachVerbOfAPathHasItsOwnInstruction() {
        assertThat(BackpackInstructions.of("GET", "/api/v1/order")).contains("orderQuery");
        assertThat(BackpackInstructions.of("POST", "/api/v1/order")).contains("orderExecute");
        assertThat(BackpackInstructions.of("DELETE", "/api/v1/order")).contains("orderCancel");
        assertThat(BackpackInstructions.of("GET", "/wapi/v1/capital/withdrawals")).contains("withdrawalQueryAll");
        assertThat(BackpackInstructions.of("POST", "/wapi/v1/capital/withdrawals")).contains("withdraw");
    }

    @Test
    void publicAndUnlistedEndpointsHaveNone() {
        assertThat(BackpackInstructions.of("GET", "/api/v1/ticker")).isEmpty();
        assertThat(BackpackInstructions.of("GET", "/api/v1/markets")).isEmpty();
        assertThat(BackpackInstructions.of("POST", "/api/v1/capital")).as("no such verb").isEmpty();
        assertThat(BackpackInstructions.of("GET", "/wapi/v1/history/pnl")).as("removed by Backpack on 2025-08-07").isEmpty();
    }

    @Test
    void theQuerysInstructionNamesWhatTheTableDoesNotKnow() {
        RestCall pnl = RestCall.of("GET /wapi/v1/history/pnl");
        assertThat(instructions.forApi(request("__api_/wapi/v1/history/pnl", "instruction", "pnlHistoryQueryAll"), pnl))
                .isEqualTo("pnlHistoryQueryAll");
        assertThat(instructions.forApi(request("__api_/wapi/v1/history/pnl"), pnl)).as("public, then").isNull();
        assertThat(instructions.forApi(request("__api_/api/v1/capital"), RestCall.of("GET /api/v1/capital"))).isEqualTo("balanceQuery");
    }

    /** The route names each branch's instruction beside its endpoint; it must be the one Backpack documents. */
    @Test
    void theRouteSignsEachEndpointWithItsDocumentedInstruction() throws Exception {
        String route = Files.readString(Path.of("routes/backpack.camel.yaml"));
        Matcher pair = Pattern.compile("name: endpoint, expression: \\{constant: \\{expression: \"(\\w+) ([^\"]+)\"}}}\\s*"
                + "- setProperty: \\{name: instruction, expression: \\{constant: \\{expression: (\\w+)}}}").matcher(route);
        int pairs = 0;
        while (pair.find()) {
            assertThat(BackpackInstructions.of(pair.group(1), pair.group(2))).as(pair.group(1) + " " + pair.group(2)).contains(pair.group(3));
            pairs++;
        }
        assertThat(pairs).as("every signed branch of the route").isEqualTo(7);
    }
}
