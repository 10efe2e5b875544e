package io.fmzbridge.futures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.fmz.FmzError;

/**
 * The older futures envelope {@code {"method":"io","params":{"code":N,"args":[…]}}} (fmz-protocol.md
 * §4, §8: FMZ's FUTURES_OP_* constants; the wire format itself is unverified), restated as the call
 * it stands for. {@code code}/{@code args} at the envelope's top level arrive here inside
 * {@code params} (the envelope reader moves them). The first argument is the call's value; a
 * second, where a call takes a symbol, its symbol.
 */
final class LegacyIo {

    private LegacyIo() {
    }

    /** The method {@code io} stands for; its arguments become that method's named parameters. */
    static String restate(ObjectNode params) {
        int code = code(params.get("code"));
        JsonNode first = argument(params, 0);
        JsonNode second = argument(params, 1);
        String method = switch (code) {
            case 0 -> {
                putIfMissing(params, "marginLevel", first);
                putIfMissing(params, "symbol", second);
                yield "marginlevel";
            }
            case 1 -> {
                putIfMissing(params, "direction", first);
                yield FuturesCalls.SET_DIRECTION;
            }
            case 2 -> {
                putIfMissing(params, "contract_type", first);
                yield FuturesCalls.SET_CONTRACT_TYPE;
            }
            case 3 -> {
                putIfMissing(params, "symbol", first);
                yield "positions";
            }
            default -> throw new FmzError("io code " + code + " is not one the bridge knows"
                    + " (0 SetMarginLevel, 1 SetDirection, 2 SetContractType, 3 GetPosition)");
        };
        params.remove("code");
        params.remove("args");
        return method;
    }

    private static int code(JsonNode code) {
        if (code != null && code.isIntegralNumber() && code.canConvertToInt()) {
            return code.asInt();
        }
        if (code != null && code.isTextual() && code.asText().trim().matches("\\d{1,2}")) {
            return Integer.parseInt(code.asText().trim());
        }
        throw new FmzError("io needs a numeric 'code' (0 SetMarginLevel, 1 SetDirection, 2 SetContractType,"
                + " 3 GetPosition)");
    }

    /** The first of the other spellings present becomes {@code name}, unless {@code name} is there already. */
    static void rename(ObjectNode params, String name, String... otherSpellings) {
        for (String other : otherSpellings) {
            if (!params.hasNonNull(name) && params.hasNonNull(other)) {
                params.set(name, params.get(other));
            }
            params.remove(other);
        }
    }

    private static JsonNode argument(ObjectNode params, int index) {
        JsonNode args = params.get("args");
        if (args == null || args.isNull()) {
            return null;
        }
        if (args.isArray()) {
            return args.get(index);
        }
        return index == 0 ? args : null; // a single value sent without the array
    }

    private static void putIfMissing(ObjectNode params, String name, JsonNode value) {
        if (value != null && !value.isNull() && !params.hasNonNull(name)) {
            params.set(name, value);
        }
    }
}
