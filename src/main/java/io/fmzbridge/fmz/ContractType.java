package io.fmzbridge.fmz;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * FMZ's contract codes, the suffix of a contract symbol ({@code BTC_USDT.swap}) and the argument of
 * {@code SetContractType}: the perpetual swap and the delivery contracts by their place in the
 * delivery calendar. Which of them an exchange lists, and what it calls them, is the exchange's
 * business; FMZ's syntax guide names swap, this_week, next_week, quarter and next_quarter, and the
 * monthly ones are OKX's aliases of the same kind.
 */
public enum ContractType {
    SWAP("swap"),
    THIS_WEEK("this_week"),
    NEXT_WEEK("next_week"),
    THIS_MONTH("this_month"),
    NEXT_MONTH("next_month"),
    QUARTER("quarter"),
    NEXT_QUARTER("next_quarter");

    private final String code;

    ContractType(String code) {
        this.code = code;
    }

    /** The code as FMZ writes it: {@code swap}, {@code quarter}. */
    public String code() {
        return code;
    }

    public boolean isPerpetual() {
        return this == SWAP;
    }

    /** A code in any case; anything else is an error that lists the codes. */
    public static ContractType parse(String text) {
        String code = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (ContractType type : values()) {
            if (type.code.equals(code)) {
                return type;
            }
        }
        throw new FmzError("unknown contract type '" + FmzSymbol.printable(text == null ? "" : text)
                + "' (FMZ's contract types: " + codes() + ")");
    }

    static String codes() {
        return Arrays.stream(values()).map(ContractType::code).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return code;
    }
}
