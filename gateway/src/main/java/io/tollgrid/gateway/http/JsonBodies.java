package io.tollgrid.gateway.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reads a request body as a JSON object and its fields, with errors that name the field. */
public final class JsonBodies {
    /** Identifiers (call-id, account) longer than this are refused; SIP Call-IDs are far shorter. */
    public static final int MAX_ID_LENGTH = 256;
    /** Where {@link ApiContract} leaves the body it decoded, so a request is parsed once. */
    static final String DECODED = "tollgrid.json-body";

    private final JsonObject json;

    private JsonBodies(JsonObject json) {
        this.json = json;
    }

    public static JsonBodies of(RoutingContext ctx) {
        JsonObject decoded = ctx.get(DECODED);
        if (decoded != null) {
            return new JsonBodies(decoded);
        }
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw new ApiException(400, "MALFORMED_JSON", "the request body must be a JSON object");
        }
        try {
            Object parsed = io.vertx.core.json.Json.decodeValue(body);
            if (!(parsed instanceof JsonObject object)) {
                throw new ApiException(400, "MALFORMED_JSON", "the request body must be a JSON object");
            }
            return new JsonBodies(object);
        } catch (DecodeException e) {
            throw new ApiException(400, "MALFORMED_JSON", "the request body is not valid JSON");
        }
    }

    /** A nested object, read with the same rules. */
    public static JsonBodies of(JsonObject object) {
        return new JsonBodies(object);
    }

    /** An optional non-negative count that fits an int; absent means 0 ("no limit"). */
    public int count(String field) {
        if (json.getValue(field) == null) {
            return 0;
        }
        long value = nonNegativeLong(field);
        if (value > Integer.MAX_VALUE) {
            throw ApiException.invalid("'" + field + "' is too large");
        }
        return (int) value;
    }

    public JsonObject json() {
        return json;
    }

    public String id(String field) {
        String value = text(field);
        if (value.length() > MAX_ID_LENGTH) {
            throw ApiException.invalid("'" + field + "' is longer than " + MAX_ID_LENGTH + " characters");
        }
        return value;
    }

    public String text(String field) {
        Object value = json.getValue(field);
        if (!(value instanceof String text) || text.isBlank()) {
            throw ApiException.invalid("'" + field + "' is required and must be a non-empty string");
        }
        return text;
    }

    public String optionalText(String field, String fallback) {
        Object value = json.getValue(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String text)) {
            throw ApiException.invalid("'" + field + "' must be a string");
        }
        return text;
    }

    public long nonNegativeLong(String field) {
        Object value = json.getValue(field);
        if (!(value instanceof Number number) || number instanceof Double || number instanceof Float) {
            throw ApiException.invalid("'" + field + "' is required and must be a whole number");
        }
        long whole = number.longValue();
        if (whole < 0) {
            throw ApiException.invalid("'" + field + "' must not be negative");
        }
        return whole;
    }

    public int positiveInt(String field, int fallback) {
        if (json.getValue(field) == null) {
            return fallback;
        }
        long value = nonNegativeLong(field);
        if (value == 0 || value > Integer.MAX_VALUE) {
            throw ApiException.invalid("'" + field + "' must be a positive whole number");
        }
        return (int) value;
    }

    /** Money travels as a decimal string ("12.50") so no client ever parses it as a binary float. */
    public io.tollgrid.money.Money money(String field, io.tollgrid.money.Money fallback) {
        Object value = json.getValue(field);
        if (value == null) {
            if (fallback == null) {
                throw ApiException.invalid("'" + field + "' is required (a decimal string such as \"10.50\")");
            }
            return fallback;
        }
        if (!(value instanceof String text)) {
            throw ApiException.invalid("'" + field + "' must be a decimal string such as \"10.50\"");
        }
        try {
            return io.tollgrid.money.Money.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("'" + field + "': " + e.getMessage());
        }
    }
}
