package io.tollgrid.gateway.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A body check compiled once from an operation's resolved JSON schema that can only say yes: it accepts a body
 * when every keyword the schema uses is satisfied on the plain, common path (strings without surrogate pairs,
 * integers decoded as Integer or Long), and otherwise leaves the body to the library's validator, which stays the
 * authority and writes every error message. The library interprets the schema keyword by keyword on every request:
 * measured, it was over a third of the gateway's event-loop time on the switch API (docs/performance.md).
 *
 * <p>A schema using any keyword outside the small set below compiles to nothing, and then the library checks
 * every body. {@code FastBodyCheckTest} holds this check to "never accepts what the library refuses" on generated
 * and mutated bodies of every body-only operation in the document.
 */
final class FastBodyCheck {
    /** Keywords that say nothing about validity. */
    private static final Set<String> ANNOTATIONS = Set.of("description", "example", "examples", "title", "$id", "$schema",
            "default", "readOnly", "writeOnly", "deprecated", "__absolute_uri__", "__absolute_ref__", "__absolute_recursive_ref__");
    private static final Set<String> OBJECT_KEYWORDS = Set.of("type", "required", "properties");
    private static final Set<String> STRING_KEYWORDS = Set.of("type", "minLength", "maxLength", "pattern", "enum", "format");
    private static final Set<String> INTEGER_KEYWORDS = Set.of("type", "minimum", "maximum");
    private static final Set<String> BOOLEAN_KEYWORDS = Set.of("type");

    private FastBodyCheck() {
    }

    /** The check of an object schema, or empty when the schema uses something this check does not know. */
    static Optional<Predicate<JsonObject>> compile(JsonObject schema) {
        Predicate<Object> check = node(schema);
        if (check == null || !"object".equals(schema.getValue("type"))) {
            return Optional.empty();
        }
        return Optional.of(check::test);
    }

    private static Predicate<Object> node(JsonObject schema) {
        Object type = schema.getValue("type");
        if (!(type instanceof String kind)) {
            return null;
        }
        return switch (kind) {
            case "object" -> only(schema, OBJECT_KEYWORDS) ? object(schema) : null;
            case "string" -> only(schema, STRING_KEYWORDS) ? string(schema) : null;
            case "integer" -> only(schema, INTEGER_KEYWORDS) ? integer(schema) : null;
            case "boolean" -> only(schema, BOOLEAN_KEYWORDS) ? value -> value instanceof Boolean : null;
            default -> null;
        };
    }

    private static boolean only(JsonObject schema, Set<String> keywords) {
        return schema.fieldNames().stream().allMatch(name -> keywords.contains(name) || ANNOTATIONS.contains(name));
    }

    private static Predicate<Object> object(JsonObject schema) {
        List<String> required = new ArrayList<>();
        Object requiredList = schema.getValue("required");
        if (requiredList != null) {
            if (!(requiredList instanceof JsonArray names)) {
                return null;
            }
            for (Object name : names) {
                if (!(name instanceof String text)) {
                    return null;
                }
                required.add(text);
            }
        }
        Map<String, Predicate<Object>> properties = new HashMap<>();
        Object propertyMap = schema.getValue("properties");
        if (propertyMap != null) {
            if (!(propertyMap instanceof JsonObject map)) {
                return null;
            }
            for (String name : map.fieldNames()) {
                if (!(map.getValue(name) instanceof JsonObject property)) {
                    return null;
                }
                Predicate<Object> check = node(property);
                if (check == null) {
                    return null;
                }
                properties.put(name, check);
            }
        }
        return value -> {
            if (!(value instanceof JsonObject body)) {
                return false;
            }
            for (String name : required) {
                if (!body.containsKey(name)) {
                    return false;
                }
            }
            for (Map.Entry<String, Predicate<Object>> property : properties.entrySet()) {
                // No additionalProperties keyword: members the schema does not name are allowed, as the library allows them.
                if (body.containsKey(property.getKey()) && !property.getValue().test(body.getValue(property.getKey()))) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Predicate<Object> string(JsonObject schema) {
        Integer minLength = schema.getInteger("minLength");
        Integer maxLength = schema.getInteger("maxLength");
        String regex = schema.getString("pattern");
        Pattern pattern = regex == null ? null : Pattern.compile(regex);
        JsonArray choices = schema.getJsonArray("enum");
        Set<Object> allowed = choices == null ? null : Set.copyOf(choices.getList());
        // A format is the library's to judge (date-time parsing and its leniency): a body naming such a member is
        // left to it.
        boolean formatted = schema.containsKey("format");
        return value -> {
            if (formatted || !(value instanceof String text)) {
                return false;
            }
            // Lengths count code points; with a surrogate pair the library's count and ours could differ.
            for (int i = 0; i < text.length(); i++) {
                if (Character.isSurrogate(text.charAt(i))) {
                    return false;
                }
            }
            return (minLength == null || text.length() >= minLength)
                    && (maxLength == null || text.length() <= maxLength)
                    && (allowed == null || allowed.contains(text))
                    && (pattern == null || pattern.matcher(text).find());
        };
    }

    private static Predicate<Object> integer(JsonObject schema) {
        Object min = schema.getValue("minimum");
        Object max = schema.getValue("maximum");
        if ((min != null && !(min instanceof Integer || min instanceof Long))
                || (max != null && !(max instanceof Integer || max instanceof Long))) {
            return null;
        }
        long minimum = min == null ? Long.MIN_VALUE : ((Number) min).longValue();
        long maximum = max == null ? Long.MAX_VALUE : ((Number) max).longValue();
        return value -> (value instanceof Integer || value instanceof Long)
                && ((Number) value).longValue() >= minimum && ((Number) value).longValue() <= maximum;
    }
}
