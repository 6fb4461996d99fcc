package io.tollgrid.gateway.notify;

import io.vertx.core.json.JsonObject;

/**
 * The words of a notification email, in English. One fixed text per event; a tenant's own templates are not built.
 * Values come from the event's data, never from free text a caller typed, and the mail is plain text.
 */
final class EmailText {
    private EmailText() {
    }

    static String subject(Notification n, JsonObject data) {
        return switch (n.event()) {
            case LOW_BALANCE -> "Low balance on account " + n.accountId() + ": " + data.getString("balance") + " "
                    + data.getString("currency");
            case LONG_CALL -> "Long call on account " + n.accountId() + ": " + data.getLong("durationSeconds") + " s";
            case EXPENSIVE_CALL -> "Expensive call on account " + n.accountId() + ": " + data.getString("cost") + " "
                    + data.getString("currency");
            case INVOICE_ISSUED -> "Invoice " + data.getLong("number") + " for account " + n.accountId();
            case INVOICE_OVERDUE -> "Invoice " + data.getLong("number") + " is overdue";
        };
    }

    static String body(Notification n, JsonObject data) {
        StringBuilder text = new StringBuilder();
        switch (n.event()) {
            case LOW_BALANCE -> text.append("The balance of account ").append(n.accountId()).append(" fell to ")
                    .append(data.getString("balance")).append(' ').append(data.getString("currency"))
                    .append(", below its threshold of ").append(data.getString("threshold")).append(".\n");
            case LONG_CALL -> text.append("A call of account ").append(n.accountId()).append(" to ")
                    .append(data.getString("callee")).append(" lasted ").append(data.getLong("durationSeconds"))
                    .append(" s.\n");
            case EXPENSIVE_CALL -> text.append("A call of account ").append(n.accountId()).append(" to ")
                    .append(data.getString("callee")).append(" cost ").append(data.getString("cost")).append(' ')
                    .append(data.getString("currency")).append(".\n");
            case INVOICE_ISSUED -> text.append("Invoice ").append(data.getLong("number")).append(" for ")
                    .append(data.getString("periodStart")).append(" to ").append(data.getString("periodEnd"))
                    .append(": ").append(data.getString("gross")).append(' ').append(data.getString("currency"))
                    .append(", due ").append(data.getString("dueAt")).append(". The invoice is attached.\n");
            case INVOICE_OVERDUE -> text.append("Invoice ").append(data.getLong("number")).append(" was due ")
                    .append(data.getString("dueAt")).append("; ").append(data.getString("outstanding")).append(' ')
                    .append(data.getString("currency")).append(" is outstanding.\n");
        }
        text.append("\nEvent: ").append(n.event()).append(" at ").append(n.at()).append('\n');
        text.append("Notification: ").append(n.key()).append('\n');
        return text.toString();
    }
}
