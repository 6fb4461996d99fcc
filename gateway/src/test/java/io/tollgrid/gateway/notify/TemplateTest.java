package io.tollgrid.gateway.notify;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The placeholder syntax, its refusals, the escaping of values, the built-in texts and the send limits' counting. */
class TemplateTest {
    private static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void placeholdersAreFilledAndHtmlValuesEscaped() {
        Template template = Template.parse("Hi {{account}}, {{ callee }} & {{callee}}}", Set.of("account", "callee"));
        Map<String, String> values = Map.of("account", "a-1", "callee", "<b>\"1&2'</b>");
        assertEquals("Hi a-1, <b>\"1&2'</b> & <b>\"1&2'</b>}", template.fill(values, v -> v));
        assertEquals("Hi a-1, &lt;b&gt;&quot;1&amp;2&#39;&lt;/b&gt; & &lt;b&gt;&quot;1&amp;2&#39;&lt;/b&gt;}",
                template.fill(values, Template::html));
        assertEquals("x  y", Template.parse("{{account}}", Set.of("account")).fill(Map.of("account", "x\r\ny"),
                Template::oneLine));
        assertEquals("no placeholders }} here", Template.parse("no placeholders }} here", Set.of()).fill(Map.of(), v -> v));
    }

    @Test
    void unknownOrMalformedPlaceholdersAreRefused() {
        Set<String> allowed = Set.of("account");
        assertThrows(Template.UnknownPlaceholder.class, () -> Template.parse("{{balance}}", allowed));
        assertThrows(Template.UnknownPlaceholder.class, () -> Template.parse("ok {{account}} {{Account}}", allowed));
        for (String bad : List.of("{{", "{{account", "{{account}", "{{ }}", "{{1}}", "{{account.name}}",
                "{{account()}}", "{{#each}}", "{{{account}}}")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Template.parse(bad, allowed),
                    bad);
            assertTrue(!(e instanceof Template.UnknownPlaceholder), bad + ": " + e.getMessage());
        }
    }

    @Test
    void aTemplateChecksItsBoundsAndEveryPlaceholderAgainstItsEvent() {
        assertThrows(Template.UnknownPlaceholder.class, () -> new NotificationTemplate("t", NotifyEvent.LOW_BALANCE,
                "s", "{{callee}}", null, AT));
        assertThrows(IllegalArgumentException.class, () -> new NotificationTemplate("t", NotifyEvent.LOW_BALANCE,
                "one\nline", "b", null, AT));
        assertThrows(IllegalArgumentException.class, () -> new NotificationTemplate("t", NotifyEvent.LOW_BALANCE,
                "s".repeat(NotificationTemplate.MAX_SUBJECT + 1), "b", null, AT));
        assertThrows(IllegalArgumentException.class, () -> new NotificationTemplate("t", NotifyEvent.LOW_BALANCE,
                "s", "b".repeat(NotificationTemplate.MAX_BODY + 1), null, AT));
        assertThrows(IllegalArgumentException.class, () -> new NotificationTemplate("t", NotifyEvent.LOW_BALANCE,
                "s", "b", "h".repeat(NotificationTemplate.MAX_HTML + 1), AT));
        assertThrows(Template.UnknownPlaceholder.class, () -> new NotificationTemplate("t", NotifyEvent.LOW_BALANCE,
                "s", "b", "<p>{{outstanding}}</p>", AT));
        new NotificationTemplate("t", NotifyEvent.INVOICE_OVERDUE, "s", "b", "<p>{{outstanding}}</p>", AT);
    }

    @Test
    void theBuiltInTextsAreTheEnglishOnes() {
        Notification n = new Notification("t", "r", Channel.EMAIL, NotifyEvent.LOW_BALANCE, "acc-1", "ev-1", AT, "{}",
                null);
        JsonObject data = new JsonObject().put("balance", "4").put("threshold", "5").put("currency", "EUR")
                .put("cause", "transfer");
        NotificationTemplate.Rendered text = NotificationTemplate.defaultFor(NotifyEvent.LOW_BALANCE)
                .render(Notifier.values(n, data));
        assertEquals("Low balance on account acc-1: 4 EUR", text.subject());
        assertEquals("The balance of account acc-1 fell to 4 EUR, below its threshold of 5.\n\nEvent: LOW_BALANCE at "
                + AT + "\nNotification: r/EMAIL/LOW_BALANCE:acc-1/ev-1\n", text.text());
        assertEquals(null, text.html());
        for (NotifyEvent event : NotifyEvent.values()) {
            assertTrue(NotificationTemplate.defaultFor(event).builtIn(), event.name());
        }
    }

    @Test
    void theSendLimitsCountPerReceiverAndTenantInEachHour() {
        SendThrottle throttle = new SendThrottle(2, 3);
        assertTrue(throttle.admit("a", List.of("x@a", "y@a"), AT).isEmpty());
        assertTrue(throttle.admit("a", List.of("x@a", "x@a"), AT).isEmpty(), "an address named twice counts once");
        assertTrue(throttle.admit("a", List.of("x@a", "z@a"), AT).get().contains("x@a had its 2"));
        assertTrue(throttle.admit("b", List.of("x@a"), AT).isEmpty(), "another tenant's count is its own");
        assertTrue(throttle.admit("a", List.of("z@a"), AT).isEmpty());
        assertTrue(throttle.admit("a", List.of("w@a"), AT.plusSeconds(3599)).get().contains("tenant's 3"));
        assertTrue(throttle.admit("a", List.of("x@a"), AT.plusSeconds(3600)).isEmpty(), "a new hour starts again");
        assertThrows(IllegalArgumentException.class, () -> new SendThrottle(0, 1));
    }
}
