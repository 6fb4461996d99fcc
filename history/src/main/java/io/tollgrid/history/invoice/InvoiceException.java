package io.tollgrid.history.invoice;

/** A refusal a caller can cause, with a stable code the API answers; nothing was changed. */
public final class InvoiceException extends RuntimeException {
    private final String code;

    public InvoiceException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
