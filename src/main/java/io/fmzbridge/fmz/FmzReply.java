package io.fmzbridge.fmz;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A successful reply: {@code data} in FMZ's shape, {@code raw} the exchange's own reply (FMZ puts it
 * in the structure's {@code Info}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FmzReply(Object data, Object raw) {

    public static FmzReply of(Object data, Object raw) {
        return new FmzReply(data, raw);
    }
}
