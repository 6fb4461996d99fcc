package io.tollgrid.gateway.http;

/** A request the client got wrong (or a resource it cannot see), answered with a stable code. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static ApiException invalid(String message) {
        return new ApiException(400, "INVALID_REQUEST", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
