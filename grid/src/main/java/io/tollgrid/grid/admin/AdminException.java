package io.tollgrid.grid.admin;

/** An operator request that cannot be carried out, with a stable code for the API. */
public final class AdminException extends RuntimeException {
    private final String code;

    public AdminException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
