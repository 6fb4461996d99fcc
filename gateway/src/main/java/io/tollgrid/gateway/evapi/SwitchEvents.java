package io.tollgrid.gateway.evapi;

import io.tollgrid.gateway.calls.SwitchCalls;
import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.gateway.http.JsonBodies;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.gateway.http.Responses.Answer;
import io.tollgrid.grid.identity.SwitchCredential;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One evapi message in, at most one out. A message is
 * {@code {"event":"authorise|start|interim|stop","tindex":N,"tlabel":N,"body":{...}}}, where the body is exactly
 * the HTTP request body of that operation and is checked against the same OpenAPI schema. With {@code tindex}
 * and {@code tlabel} (a suspended transaction) the answer goes back as the HTTP answer body plus
 * {@code event}, {@code tindex}, {@code tlabel} and {@code code} (the HTTP status it would have had), so the
 * switch can resume the transaction. Without them the event is fire-and-forget, and a failure is logged here
 * with the call id for reconciliation, since the switch will not hear of it.
 */
final class SwitchEvents {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchEvents.class);
    static final java.util.List<String> EVENTS = java.util.List.of("authorise", "start", "interim", "stop");

    private final SwitchCalls calls;
    private final Map<String, Consumer<JsonObject>> checks;

    SwitchEvents(SwitchCalls calls, ApiContract contract) {
        this.calls = calls;
        this.checks = Map.of("authorise", contract.bodyCheck("authorise"), "start", contract.bodyCheck("start"),
                "interim", contract.bodyCheck("interim"), "stop", contract.bodyCheck("stop"));
    }

    /** What came in, read far enough to route it and to address the answer. */
    record Event(String name, Long tindex, Long tlabel, JsonObject body) {
        boolean wantsAnswer() {
            return tindex != null && tlabel != null;
        }
    }

    /**
     * What handling one message came to: the event (one of {@link #EVENTS}, or "invalid"), the HTTP status its
     * answer has, and the reply to send if the switch waits for one.
     */
    record Handled(String event, int status, Optional<String> reply) {
    }

    /** Never fails: every error becomes an answer, or a log line when nobody waits for one. */
    CompletableFuture<Handled> handle(String message, SwitchCredential credential) {
        Event event;
        try {
            event = parse(message);
        } catch (ApiException e) {
            LOG.warn("evapi: dropped a message the switch cannot be answered for ({}): {}", e.getMessage(),
                    abbreviated(message));
            return CompletableFuture.completedFuture(new Handled("invalid", 400, Optional.empty()));
        }
        CompletableFuture<Answer> answer;
        try {
            answer = run(event, credential);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        String name = EVENTS.contains(event.name()) ? event.name() : "invalid";
        return answer.exceptionally(error -> Responses.answerFor(error, "evapi " + name))
                .thenApply(done -> new Handled(name, done.status(), reply(event, done)));
    }

    /** The answer to a message the gateway will not run (too many in flight), if the switch waits for one. */
    Optional<String> refuse(String message, ApiException why) {
        try {
            Event event = parse(message);
            return reply(event, Responses.answerFor(why, "evapi " + event.name()));
        } catch (ApiException e) {
            return Optional.empty();
        }
    }

    private CompletableFuture<Answer> run(Event event, SwitchCredential credential) {
        if (event.body() == null) {
            throw ApiException.invalid("an evapi event carries its request as a JSON object in 'body'");
        }
        Consumer<JsonObject> check = checks.get(event.name());
        if (check == null) {
            throw ApiException.invalid("'event' must be one of " + EVENTS);
        }
        check.accept(event.body());
        JsonBodies body = JsonBodies.of(event.body());
        return switch (event.name()) {
            case "authorise" -> calls.authorise(credential, body);
            case "start" -> calls.start(credential, body);
            case "interim" -> calls.interim(credential, body);
            default -> calls.stop(credential, body, event.body().encode());
        };
    }

    private static Optional<String> reply(Event event, Answer answer) {
        if (!event.wantsAnswer()) {
            if (answer.status() != 200) {
                LOG.error("evapi: {} for call {} failed with {} {} and the switch is not waiting for an answer: "
                                + "reconcile it", event.name(), callId(event), answer.status(), answer.body().encode());
            }
            return Optional.empty();
        }
        JsonObject out = answer.body().copy().put("event", event.name()).put("tindex", event.tindex())
                .put("tlabel", event.tlabel()).put("code", answer.status());
        return Optional.of(out.encode());
    }

    static Event parse(String message) {
        JsonObject json;
        try {
            json = new JsonObject(message);
        } catch (DecodeException | ClassCastException e) {
            throw ApiException.invalid("not a JSON object");
        }
        Object name = json.getValue("event");
        Object body = json.getValue("body");
        return new Event(name instanceof String text ? text : "", number(json, "tindex"), number(json, "tlabel"),
                body instanceof JsonObject object ? object : null);
    }

    /** Kamailio prints $T(id_index) as a number, but a cfg may quote it: both are accepted. */
    private static Long number(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof String text && !text.isEmpty() && text.length() <= 10 && text.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(text);
        }
        return null;
    }

    private static String callId(Event event) {
        return event.body() == null ? "?" : String.valueOf(event.body().getValue("callId"));
    }

    private static String abbreviated(String message) {
        return message.length() <= 200 ? message : message.substring(0, 200) + "...";
    }
}
