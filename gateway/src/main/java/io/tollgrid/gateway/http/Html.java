package io.tollgrid.gateway.http;

/** Text put into the HTML documents the gateway renders (invoices, receipts, day reports). */
public final class Html {
    private Html() {
    }

    /** The text with the five characters HTML gives meaning to written as entities, safe in content and attributes. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
