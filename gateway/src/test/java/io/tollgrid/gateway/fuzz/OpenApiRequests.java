package io.tollgrid.gateway.fuzz;

import io.tollgrid.gateway.http.ApiContract;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Requests generated from the gateway's OpenAPI document, so every endpoint it lists is covered without naming it:
 * one per operation with every parameter and body property filled, ids taken from a supplied map (so a test can aim
 * every id at objects of its choosing), and other values from the schema (enum, format, pattern-friendly defaults).
 */
public final class OpenApiRequests {
    /** One operation of the document. */
    public record Operation(String operationId, String method, String template, List<String> tags, JsonArray security,
                            List<JsonObject> parameters, JsonObject bodySchema) {
        /** Called by switches (the switch API's own credentials), not by principals. */
        public boolean switchOperation() {
            return security.encode().contains("switchKey");
        }

        /** Called without credentials (a login). */
        public boolean publicOperation() {
            return security.isEmpty();
        }
    }

    /** A request to send: method, path with query, JSON body or null. */
    public record Request(String operationId, String method, String path, String body) {
    }

    private final JsonObject document;
    private final List<Operation> operations = new ArrayList<>();

    private OpenApiRequests(JsonObject document) {
        this.document = document;
        JsonObject paths = document.getJsonObject("paths");
        for (String template : paths.fieldNames()) {
            if (!(paths.getValue(template) instanceof JsonObject item)) {
                continue; // the library's own bookkeeping (__absolute_uri__ and such)
            }
            for (String method : item.fieldNames()) {
                if (!List.of("get", "post", "put", "delete", "patch").contains(method)
                        || !(item.getValue(method) instanceof JsonObject)) {
                    continue;
                }
                JsonObject operation = item.getJsonObject(method);
                List<JsonObject> parameters = new ArrayList<>();
                for (Object raw : operation.getJsonArray("parameters", new JsonArray())) {
                    parameters.add(resolve((JsonObject) raw));
                }
                JsonObject body = null;
                JsonObject requestBody = operation.getJsonObject("requestBody");
                if (requestBody != null) {
                    body = resolve(resolve(requestBody).getJsonObject("content").getJsonObject("application/json")
                            .getJsonObject("schema"));
                }
                List<String> tags = operation.getJsonArray("tags", new JsonArray()).stream().map(String::valueOf).toList();
                operations.add(new Operation(operation.getString("operationId"), method.toUpperCase(), template, tags,
                        operation.getJsonArray("security", document.getJsonArray("security", new JsonArray())),
                        parameters, body));
            }
        }
    }

    /** The gateway's own document, as the gateway loads it. */
    public static OpenApiRequests load() {
        Vertx vertx = Vertx.vertx();
        try {
            return new OpenApiRequests(ApiContract.load(vertx).document());
        } finally {
            vertx.close();
        }
    }

    public List<Operation> operations() {
        return operations;
    }

    /** Follows a local {@code $ref} ({@code #/components/...}). */
    JsonObject resolve(JsonObject node) {
        JsonObject current = node;
        for (int hops = 0; current != null && current.containsKey("$ref") && hops < 16; hops++) {
            String ref = current.getString("$ref");
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("only local references are followed: " + ref);
            }
            JsonObject target = document;
            for (String part : ref.substring(2).split("/")) {
                target = target.getJsonObject(part);
            }
            current = target;
        }
        return current;
    }

    /**
     * The operation's request with every parameter and property filled: ids from {@code ids} (by parameter or property
     * name; absent names get {@code fallbackId}), everything else valid for its schema.
     */
    public Request request(Operation operation, Function<String, String> ids, String fallbackId) {
        String path = operation.template();
        StringBuilder query = new StringBuilder();
        for (JsonObject parameter : operation.parameters()) {
            String name = parameter.getString("name");
            String value = String.valueOf(value(name, resolve(parameter.getJsonObject("schema", new JsonObject())), ids,
                    fallbackId, 0));
            if ("path".equals(parameter.getString("in"))) {
                path = path.replace("{" + name + "}", value);
            } else if ("query".equals(parameter.getString("in")) && parameter.getBoolean("required", false)) {
                query.append(query.length() == 0 ? "?" : "&").append(name).append('=')
                        .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        String body = operation.bodySchema() == null ? null
                : String.valueOf(value("body", operation.bodySchema(), ids, fallbackId, 0));
        return new Request(operation.operationId(), operation.method(), path + query, body);
    }

    private Object value(String name, JsonObject given, Function<String, String> ids, String fallbackId, int depth) {
        JsonObject schema = resolve(given);
        if (schema.containsKey("allOf")) {
            JsonObject merged = new JsonObject();
            for (Object part : schema.getJsonArray("allOf")) {
                merged.mergeIn(resolve((JsonObject) part));
            }
            schema.fieldNames().stream().filter(f -> !f.equals("allOf")).forEach(f -> merged.put(f, schema.getValue(f)));
            return value(name, merged, ids, fallbackId, depth);
        }
        if (schema.containsKey("enum")) {
            return schema.getJsonArray("enum").getValue(0);
        }
        String type = schema.getString("type", schema.containsKey("properties") ? "object" : "string");
        switch (type) {
            case "object" -> {
                JsonObject object = new JsonObject();
                JsonObject properties = schema.getJsonObject("properties", new JsonObject());
                if (depth < 4) {
                    for (String property : properties.fieldNames()) {
                        if (!(properties.getValue(property) instanceof JsonObject)) {
                            continue;
                        }
                        object.put(property, value(property, properties.getJsonObject(property), ids, fallbackId, depth + 1));
                    }
                }
                return object;
            }
            case "array" -> {
                JsonArray array = new JsonArray();
                int items = Math.max(1, schema.getInteger("minItems", 1));
                for (int i = 0; i < items && depth < 4; i++) {
                    array.add(value(name, schema.getJsonObject("items", new JsonObject()), ids, fallbackId, depth + 1));
                }
                return array;
            }
            case "integer", "number" -> {
                long minimum = schema.getNumber("minimum", 0).longValue();
                return Math.max(1, minimum);
            }
            case "boolean" -> {
                return false;
            }
            default -> {
                return text(name, schema, ids, fallbackId);
            }
        }
    }

    private static String text(String name, JsonObject schema, Function<String, String> ids, String fallbackId) {
        String format = schema.getString("format", "");
        if (format.equals("date-time")) {
            return Instant.now().plusSeconds(86_400).toString();
        }
        if (format.equals("date")) {
            return LocalDate.now(ZoneOffset.UTC).toString();
        }
        String id = ids.apply(name);
        if (id != null) {
            return id;
        }
        String pattern = schema.getString("pattern", "");
        int min = schema.getInteger("minLength", 1);
        if (pattern.contains("0-9]{4}-")) {
            return LocalDate.now(ZoneOffset.UTC).toString();
        }
        if (pattern.contains("[0-9a-f]{12}")) {
            return "0123456789ab";
        }
        if (pattern.startsWith("^-?[0-9]{1,13}")) {
            return "1.00";
        }
        if (pattern.contains("\\+?[0-9*#]")) {
            return "442071234567";
        }
        if (pattern.contains("[0-9A-Fa-f:.]")) {
            return "10.9.8.7";
        }
        StringBuilder text = new StringBuilder(fallbackId);
        while (text.length() < min) {
            text.append('x');
        }
        return text.toString();
    }

    /** Adversarial variations of a well-formed request, chosen by {@code random}. */
    public static Request mutate(Request request, Random random) {
        String body = request.body();
        String path = request.path();
        switch (random.nextInt(12)) {
            case 0 -> body = body == null ? "{" : body.substring(0, random.nextInt(Math.max(1, body.length())));
            case 1 -> body = "[" + body + "]";
            case 2 -> body = body == null ? null : replaceValues(new JsonObject(body), random).encode();
            case 3 -> body = body == null ? null : dropField(new JsonObject(body), random).encode();
            case 4 -> path = path.replaceFirst("/[^/?]+(?=[/?]|$)", "/" + java.util.regex.Matcher.quoteReplacement(
                    encoded(junk(random))));
            case 5 -> body = "{\"a\":" + "[".repeat(200 + random.nextInt(2_000)) + "]".repeat(10) + "}";
            case 6 -> body = junk(random);
            case 7 -> path = path + (path.contains("?") ? "&" : "?") + "from=" + encoded(junk(random)) + "&to="
                    + encoded(junk(random));
            case 8 -> body = body == null ? null : new JsonObject(body).put(randomField(new JsonObject(body), random),
                    "x".repeat(70_000)).encode();
            case 9 -> path = path.replace("/v1/", "/v1//").replace("/admin/", "/admin/%2e%2e/");
            default -> {
                // well-formed
            }
        }
        return new Request(request.operationId(), request.method(), path, body);
    }

    private static JsonObject replaceValues(JsonObject body, Random random) {
        JsonObject out = body.copy();
        for (String field : body.fieldNames()) {
            if (random.nextBoolean()) {
                Object[] odd = {null, -1, Long.MAX_VALUE, 1e308, true, "", " ", "\u0000", "\u202e\ud83d\ude00", "../../etc",
                        "'; DROP TABLE x; --", new JsonObject(), new JsonArray().add(1), "-0.0000001", "99999999999999.99",
                        "NaN", "1e9", "𝟘𝟙", "\r\n", "%00", "${jndi:ldap://x}"};
                out.put(field, odd[random.nextInt(odd.length)]);
            }
        }
        return out;
    }

    private static JsonObject dropField(JsonObject body, Random random) {
        JsonObject out = body.copy();
        if (!out.isEmpty()) {
            out.remove(randomField(out, random));
        }
        return out;
    }

    private static String randomField(JsonObject body, Random random) {
        List<String> names = new ArrayList<>(body.fieldNames());
        return names.isEmpty() ? "x" : names.get(random.nextInt(names.size()));
    }

    private static String encoded(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String junk(Random random) {
        StringBuilder junk = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(4);
            junk.append(switch (kind) {
                case 0 -> (char) ('a' + random.nextInt(26));
                case 1 -> "%" + String.format("%02X", random.nextInt(256));
                case 2 -> (char) (0x20 + random.nextInt(0x5f));
                default -> Character.toChars(0xa0 + random.nextInt(0x3000))[0];
            });
        }
        return junk.toString();
    }

    /** The map of names to ids as a lookup. */
    public static Function<String, String> ids(Map<String, String> byName) {
        return byName::get;
    }
}
