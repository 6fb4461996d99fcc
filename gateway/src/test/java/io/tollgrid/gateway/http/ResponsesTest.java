package io.tollgrid.gateway.http;

import org.apache.ignite.IgniteException;
import org.apache.ignite.transactions.TransactionDeadlockException;
import org.apache.ignite.transactions.TransactionTimeoutException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResponsesTest {
    private static String code(Responses.Answer answer) {
        return answer.body().getJsonObject("error").getString("code");
    }

    @Test
    void aGridFailureThatPassesWithTimeIsA503TheCallerMayRetry() {
        Responses.Answer lockWait = Responses.answerFor(new CompletionException(
                new IgniteException("tx failed", new TransactionTimeoutException("lock wait over 5000 ms"))), "POST /x");
        assertEquals(503, lockWait.status());
        assertEquals("GRID_UNAVAILABLE", code(lockWait));
        assertTrue(lockWait.body().getJsonObject("error").getString("message").contains("lock wait timed out"));

        Responses.Answer deadlock = Responses.answerFor(new TransactionDeadlockException("cycle"), "POST /x");
        assertEquals(503, deadlock.status());
    }

    @Test
    void anApiExceptionKeepsItsOwnAnswerAndAnythingElseIsA500WithACorrelationId() {
        Responses.Answer invalid = Responses.answerFor(ApiException.invalid("bad"), "POST /x");
        assertEquals(400, invalid.status());

        Responses.Answer bug = Responses.answerFor(new CompletionException(new IllegalStateException("a bug")), "POST /x");
        assertEquals(500, bug.status());
        assertEquals("INTERNAL", code(bug));
        assertNotNull(bug.body().getString("correlationId"));
        assertTrue(!bug.body().encode().contains("a bug"), "no internals reach the client");
    }
}
