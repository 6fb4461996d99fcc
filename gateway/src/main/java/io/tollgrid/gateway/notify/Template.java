package io.tollgrid.gateway.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text with placeholders, <code>{{name}}</code> (spaces allowed inside the braces), parsed once against the names allowed
 * and then filled. There is nothing else: no expressions, loops, includes or method calls, so a tenant's template can
 * only place the event's own values. Every <code>{{</code> must open a placeholder of a known name and close it; anything
 * else is refused when the template is saved, never at send time. A lone <code>}}</code> is plain text.
 */
final class Template {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z]+)\\s*}}");

    /** Literal text and placeholder names, alternating as they appear. */
    private final List<Part> parts;

    private record Part(String literal, String name) {
    }

    private Template(List<Part> parts) {
        this.parts = parts;
    }

    /**
     * Parses the text, refusing an unknown name ({@link UnknownPlaceholder}) and a malformed or unclosed
     * <code>{{</code> ({@link IllegalArgumentException}).
     */
    static Template parse(String text, Set<String> allowed) {
        List<Part> parts = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        int at = 0;
        while (true) {
            int open = text.indexOf("{{", at);
            if (open < 0) {
                parts.add(new Part(text.substring(at), null));
                return new Template(List.copyOf(parts));
            }
            if (!matcher.find(open) || matcher.start() != open) {
                throw new IllegalArgumentException("'{{' at character " + open + " does not open a placeholder such as"
                        + " {{account}}");
            }
            String name = matcher.group(1);
            if (!allowed.contains(name)) {
                throw new UnknownPlaceholder(name, allowed);
            }
            parts.add(new Part(text.substring(at, open), null));
            parts.add(new Part(null, name));
            at = matcher.end();
        }
    }

    /**
     * The text with each placeholder replaced by its value passed through {@code escape} (HTML escaping for an HTML
     * part, control characters removed for a subject, as is for plain text). A missing value is empty.
     */
    String fill(Map<String, String> values, UnaryOperator<String> escape) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part.name() == null) {
                out.append(part.literal());
            } else {
                String value = values.get(part.name());
                out.append(escape.apply(value == null ? "" : value));
            }
        }
        return out.toString();
    }

    /** Escapes a value for an HTML text or attribute. */
    static String html(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A value for a one-line header: control characters (CR and LF among them) become spaces. */
    static String oneLine(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        return out.toString();
    }

    /** A placeholder the event does not have. */
    static final class UnknownPlaceholder extends IllegalArgumentException {
        UnknownPlaceholder(String name, Set<String> allowed) {
            super("unknown placeholder {{" + name + "}}; this event has " + new java.util.TreeSet<>(allowed));
        }
    }
}
