package io.tollgrid.grid.rateplan;

import java.util.List;

/** A sell plan write that was refused; nothing was written. {@code code} names why, for the API's answer. */
public final class SellPlanException extends RuntimeException {
    private final String code;
    private final List<String> errors;

    public SellPlanException(String code, String message) {
        this(code, message, List.of());
    }

    public SellPlanException(String code, String message, List<String> errors) {
        super(message);
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    public String code() {
        return code;
    }

    /** The deck's errors, for a plan the deck would not compile. */
    public List<String> errors() {
        return errors;
    }
}
