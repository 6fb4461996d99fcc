package io.tollgrid.gateway.metrics;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EndpointLabelsTest {
    private final EndpointLabels labels = new EndpointLabels(List.of("/v1/calls/authorise", "/health",
            "/v1/accounts/{account}/balance", "/v1/accounts/{account}/cdrs", "/admin/accounts/{account}/transfers"));

    @Test
    void aPathGetsTheTemplateItMatches() {
        assertEquals("/v1/calls/authorise", labels.of("/v1/calls/authorise"));
        assertEquals("/v1/calls/authorise", labels.of("/v1/calls/authorise/"));
        assertEquals("/v1/accounts/{account}/balance", labels.of("/v1/accounts/demo-1000/balance"));
        assertEquals("/v1/accounts/{account}/cdrs", labels.of("/v1/accounts/x/cdrs"));
        assertEquals("/admin/accounts/{account}/transfers", labels.of("/admin/accounts/a/transfers"));
    }

    @Test
    void everyOtherPathSharesTheUnmatchedLabel() {
        for (String path : new String[] {"/v1/rand31535", "/", "", "/v1/accounts//balance", "/v1/accounts/a/b/balance",
                "/v1/accounts/a", "/v1/calls/authorise/x", "/HEALTH", "/" + "x".repeat(5000), null}) {
            assertEquals(EndpointLabels.UNMATCHED, labels.of(path), String.valueOf(path));
        }
    }

    @Test
    void randomPathsNeverMakeALabelOutsideTheTemplates() {
        Random random = new Random(14);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            StringBuilder path = new StringBuilder();
            for (int s = random.nextInt(5); s >= 0; s--) {
                path.append('/').append(List.of("v1", "accounts", "calls", "balance", "rand" + random.nextInt(), "")
                        .get(random.nextInt(6)));
            }
            seen.add(labels.of(path.toString()));
        }
        assertTrue(labels.labels().containsAll(seen), seen.toString());
    }
}
