package io.tollgrid.gateway.http;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast body check never accepts what the library's validator refuses, on generated and mutated bodies of every
 * body-only operation of the document, and it does accept the switch API's ordinary bodies (else it saves nothing).
 */
class FastBodyCheckTest {
    private static final List<String> SWITCH_API = List.of("authorise", "start", "interim", "stop");
    /** Values a member is set to: valid ones of every schema in the document, near misses and hostile ones. */
    private static final List<Object> VALUES = List.of("", "a", "acc-1", "demo-1000", "+", "+442071234567", "442071234567",
            "*1003#", "abc;drop", " ", "a b", "\u0000", "caf\u00e9", "\uD83D\uDE00", "\uD83D\uDE00".repeat(17), "1".repeat(32),
            "1".repeat(33), "9".repeat(129), "x".repeat(257), "outbound", "OUTBOUND", "Outbound", "inbound",
            "2026-03-29T01:00:00Z", "2026-13-40T99:00:00Z", "not-a-date", "10.50", "normal_clearing", "bad reason!",
            "10.0.0.1", "::1", "a.b", 0, 1, -1, 95, 31_536_000, 31_536_001, 1_000_000_000, 1_000_000_001, Integer.MAX_VALUE,
            Long.MAX_VALUE, 1.5, 5.0, -0.0, 1e10, true, false, new JsonArray(), new JsonObject(), new JsonObject().put("a", 1));
    private static Vertx vertx;
    private static ApiContract contract;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        contract = ApiContract.load(vertx);
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    private static JsonObject valid(String operation) {
        return switch (operation) {
            case "authorise" -> new JsonObject().put("callId", "c-1@10.0.0.1").put("account", "demo-1000")
                    .put("caller", "35929000001").put("callee", "+442071234567").put("direction", "outbound");
            case "interim" -> new JsonObject().put("callId", "c-1@10.0.0.1").put("account", "demo-1000").put("sequence", 3);
            case "stop" -> new JsonObject().put("callId", "c-1@10.0.0.1").put("account", "demo-1000").put("durationSeconds", 95)
                    .put("reason", "normal_clearing");
            default -> new JsonObject().put("callId", "c-1@10.0.0.1").put("account", "demo-1000");
        };
    }

    @Test
    void theSwitchApiIsCompiledAndItsOrdinaryBodiesNeedNoLibrary() {
        for (String operation : SWITCH_API) {
            Optional<Predicate<JsonObject>> fast = contract.fastCheck(operation);
            assertTrue(fast.isPresent(), operation + "'s schema uses a keyword the fast check does not know");
            assertTrue(fast.get().test(valid(operation)), operation);
            assertTrue(contract.libraryAccepts(operation, valid(operation)), operation);
        }
        JsonObject noCallee = valid("authorise");
        noCallee.remove("callee");
        assertFalse(contract.fastCheck("authorise").orElseThrow().test(noCallee));
        assertFalse(contract.fastCheck("stop").orElseThrow().test(valid("stop").put("durationSeconds", -1)));
        // A stop naming the carrier that connected (least-cost routing) is still an ordinary body.
        assertTrue(contract.fastCheck("stop").orElseThrow().test(valid("stop").put("carrierId", "carrier-a")));
        assertTrue(contract.libraryAccepts("stop", valid("stop").put("carrierId", "carrier-a")));
        assertFalse(contract.fastCheck("stop").orElseThrow().test(valid("stop").put("carrierId", "carrier a;")));
        assertFalse(contract.fastCheck("authorise").orElseThrow().test(valid("authorise").put("callee", "abc;drop")));
    }

    @Test
    void neverAcceptsWhatTheLibraryRefuses() {
        Random random = new Random(20261203L);
        int fastAccepted = 0;
        int libraryAccepted = 0;
        List<String> operations = contract.bodyOnlyOperations();
        assertTrue(operations.containsAll(SWITCH_API), operations.toString());
        for (String operation : operations) {
            Optional<Predicate<JsonObject>> fast = contract.fastCheck(operation);
            if (fast.isEmpty()) {
                continue;
            }
            JsonObject template = SWITCH_API.contains(operation) ? valid(operation) : new JsonObject();
            List<String> names = new ArrayList<>(template.fieldNames());
            names.addAll(List.of("callId", "account", "callee", "caller", "pin", "sourceIp", "failOpenAt", "sequence",
                    "durationSeconds", "reason", "extra"));
            for (int n = 0; n < 5_000; n++) {
                JsonObject body = template.copy();
                for (int changes = 1 + random.nextInt(3); changes > 0; changes--) {
                    String name = names.get(random.nextInt(names.size()));
                    if (random.nextInt(5) == 0) {
                        body.remove(name);
                    } else {
                        body.put(name, VALUES.get(random.nextInt(VALUES.size())));
                    }
                }
                // Through JSON text, as a request arrives: numbers decode as Jackson decodes them.
                body = new JsonObject(body.encode());
                boolean quick = fast.get().test(body);
                boolean library = contract.libraryAccepts(operation, body);
                if (quick && !library) {
                    throw new AssertionError(operation + ": the fast check accepted what the library refuses: " + body.encode());
                }
                fastAccepted += quick ? 1 : 0;
                libraryAccepted += library ? 1 : 0;
            }
        }
        assertTrue(libraryAccepted > 1_000, "too few valid bodies generated to mean anything: " + libraryAccepted);
        assertTrue(fastAccepted * 2 > libraryAccepted, "the fast check took " + fastAccepted + " of the " + libraryAccepted
                + " bodies the library accepts");
        System.out.printf("fast check: %d accepted, the library %d%n", fastAccepted, libraryAccepted);
    }
}
