package io.tollgrid.grid.rateplan;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountLimits;
import io.tollgrid.grid.account.PayType;
import io.tollgrid.grid.account.ReservationStrategy;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.charging.ChargingResult;
import io.tollgrid.grid.charging.DenyReason;
import io.tollgrid.grid.charging.Outcome;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.grid.session.SessionKey;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import io.tollgrid.rating.deck.DeckRejectedException;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rate decks on two in-process server nodes with persistence, driven through a client node: upload,
 * compile on every node, price calls, swap mid-call, refuse bad CSV.
 */
class RateDeckChargingTest {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static Ignite server1;
    private static Ignite server2;
    private static Ignite client;
    private static ChargingClient charging;
    private static GridAdmin admin;
    private static RateDecks decks;
    private static long baseVersion;

    @BeforeAll
    static void startGrid() {
        GridSettings settings = TestGrids.settings("deck-test-1").withExpectedServers(2);
        CompletableFuture<Ignite> first = CompletableFuture.supplyAsync(() -> GridNodes.startServer(settings));
        server2 = GridNodes.startServer(settings.withInstanceName("deck-test-2"));
        server1 = first.join();
        client = GridNodes.startClient(settings.withInstanceName("deck-test-client"));
        charging = new ChargingClient(client);
        admin = new GridAdmin(client);
        decks = new RateDecks(client);
        admin.putTenant("t1", "Tenant One", "t1-key-0123456789abcdef");
        // Accounts need a known plan id; these flat plans also show that the deck wins where it has the plan.
        admin.putRatePlan("deck-retail", new FlatRate(Money.parse("0.60"), Money.ZERO, 60, 60));
        admin.putRatePlan("swap-plan", new FlatRate(Money.parse("0.60"), Money.ZERO, 60, 60));
        admin.putRatePlan("flat-only", new FlatRate(Money.parse("0.06"), Money.ZERO, 60, 60));
        baseVersion = activate(TestDecks.with("", ""));
    }

    @AfterAll
    static void stopGrid() {
        client.close();
        server2.close();
        server1.close();
    }

    /** Uploads a deck and waits until both servers price with it. */
    private static long activate(Map<String, String> tables) {
        DeckUpload upload = decks.upload(tables, System.currentTimeMillis());
        assertTrue(upload.activated());
        Map<String, Long> compiled = decks.awaitCompiled(upload.version(), Duration.ofSeconds(30));
        assertEquals(2, compiled.size(), compiled.toString());
        compiled.values().forEach(version -> assertEquals(upload.version(), version, compiled.toString()));
        return upload.version();
    }

    private static String account(String plan, ReservationStrategy strategy, String balance) {
        String id = "deck-acc-" + IDS.incrementAndGet();
        admin.openAccount(Account.open("t1", id, "EUR", plan, PayType.PREPAID, strategy,
                new AccountLimits(0, 0, 0, 0, 0, 60), Money.parse(balance).micros(), 0, 0));
        return id;
    }

    private static Account accountOf(String id) {
        return admin.account(id).orElseThrow();
    }

    @Test
    void aDeckPlanPricesByTheLongestPrefixWithItsConnectFeeAnd30By6Increments() {
        String acc = account("deck-retail", ReservationStrategy.FULL, "1.00");
        long now = System.currentTimeMillis();

        ChargingResult authorised = charging.authorise(acc, "c1", "35929000001", "442071234567", now).join();

        // 4420 wins over 44: fee 0.005 + 0.024/min. Funds 1.00: 30 + 409*6 = 2484 s costs 0.005 + 0.9936 = 0.9986;
        // 2490 s would cost 1.001.
        assertEquals(Outcome.OK, authorised.outcome());
        assertEquals(2484, authorised.maxDurationSecs());
        assertEquals(998_600, authorised.reservedMicros());
        assertEquals("4420", authorised.ratePrefix());
        assertEquals("MINUTE", authorised.priceUnit());
        assertEquals(24_000, authorised.pricePerMinuteMicros());
        assertEquals(5_000, authorised.connectFeeMicros());
        assertTrue(authorised.deckVersion() >= baseVersion);
        assertEquals("deck-retail/4420@v" + authorised.deckVersion(), authorised.rateId());

        ChargingResult stopped = charging.stop(acc, "c1", 95, now + 100_000, "").join();

        // 95 s bills 30 + 11*6 = 96 s: 0.005 + 0.024 * 96 / 60 = 0.005 + 0.0384 = 0.0434.
        assertEquals(96, stopped.billedSecs());
        assertEquals(43_400, stopped.costMicros());
        assertEquals(956_600, accountOf(acc).balanceMicros());
        assertEquals(0, accountOf(acc).reservedMicros());
        StopEvent event = client.<SessionKey, StopEvent>cache(Caches.CDR_OUTBOX).get(new SessionKey(acc, "c1"));
        assertEquals(43_400, event.costMicros());
        assertEquals(authorised.rateId(), event.rateId());
        assertEquals(io.tollgrid.rating.CallType.INTERNATIONAL, event.callType(),
                "a deck without call_types.csv calls every number INTERNATIONAL");
    }

    @Test
    void aBlockedDestinationIsDeniedAndOneTheDeckCannotRateFailsRating() {
        String acc = account("deck-retail", ReservationStrategy.FULL, "1.00");
        long now = System.currentTimeMillis();

        ChargingResult blocked = charging.authorise(acc, "b1", "1", "359900123456", now).join();
        ChargingResult unrated = charging.authorise(acc, "b2", "1", "15551234567", now).join();

        assertEquals(Outcome.DENIED, blocked.outcome());
        assertEquals(DenyReason.DESTINATION_BLOCKED, blocked.denyReason());
        assertEquals(Outcome.DENIED, unrated.outcome());
        assertEquals(DenyReason.RATING_FAILED, unrated.denyReason());
        assertEquals(0, accountOf(acc).reservedMicros());
        assertEquals(0, accountOf(acc).activeCalls());
    }

    @Test
    void aPlanTheDeckDoesNotHaveKeepsItsFlatRate() {
        String acc = account("flat-only", ReservationStrategy.FULL, "1.00");
        long now = System.currentTimeMillis();

        ChargingResult authorised = charging.authorise(acc, "f1", "1", "442071234567", now).join();
        ChargingResult stopped = charging.stop(acc, "f1", 61, now + 70_000, "").join();

        assertEquals(0, authorised.deckVersion());
        assertEquals("flat-only", authorised.rateId());
        assertEquals(960, authorised.maxDurationSecs());
        assertEquals(120_000, stopped.costMicros()); // two minutes at 0.06
    }

    @Test
    void aDeckSwappedMidCallLeavesTheCallAtTheRateLockedAtAuthorise() {
        long cheap = activate(TestDecks.withPlan("swap-plan", "44", "0.06", "0.01"));
        String acc = account("swap-plan", ReservationStrategy.INCREMENTAL, "10.00");
        long now = System.currentTimeMillis();

        ChargingResult authorised = charging.authorise(acc, "s1", "1", "447700900123", now).join();
        // First slice 60 s: 0.01 + 0.06 = 0.07.
        assertEquals(60, authorised.maxDurationSecs());
        assertEquals(70_000, authorised.reservedMicros());
        assertEquals(cheap, authorised.deckVersion());

        long dear = activate(TestDecks.withPlan("swap-plan", "44", "0.60", "0.10"));
        assertTrue(dear > cheap);
        assertEquals(dear, NodeDecks.of(server1).currentVersion());

        // Interim extends to 120 s at the old rate: 0.01 + 0.12 = 0.13 (the new deck would say 1.30).
        ChargingResult extended = charging.interim(acc, "s1", 1, now + 50_000).join();
        assertEquals(120, extended.maxDurationSecs());
        assertEquals(130_000, extended.reservedMicros());
        // 95 s bills 96 s: 0.01 + 0.06 * 96 / 60 = 0.106 (the new deck would say 1.06).
        ChargingResult stopped = charging.stop(acc, "s1", 95, now + 100_000, "").join();
        assertEquals(106_000, stopped.costMicros());
        assertEquals(9_894_000, accountOf(acc).balanceMicros());
        assertEquals(0, accountOf(acc).reservedMicros());

        // A call authorised after the swap gets the new rate: 0.10 + 0.60 for its first 60 s.
        ChargingResult after = charging.authorise(acc, "s2", "1", "447700900123", System.currentTimeMillis()).join();
        assertEquals(dear, after.deckVersion());
        assertEquals(700_000, after.reservedMicros());
        charging.stop(acc, "s2", 0, System.currentTimeMillis(), "").join();
    }

    @Test
    void aDeckWithABadRowIsRefusedWithLineAndColumnAndTheActiveDeckStays() {
        long before = decks.active().orElseThrow().version();
        Map<String, String> bad = TestDecks.with("",
                "deck-retail,49,Germany,DE,*,false,MINUTE,0.1x,0,60,60,0,0,2020-01-01T00:00:00Z,,0\n");

        DeckRejectedException rejected = assertThrows(DeckRejectedException.class,
                () -> decks.upload(bad, System.currentTimeMillis()));

        // Header, then the three retail rows: the bad row is line 5.
        assertTrue(rejected.errors().stream().anyMatch(e -> e.startsWith("rates.csv line 5 column price")),
                rejected.errors().toString());
        assertEquals(before, decks.active().orElseThrow().version());
        decks.compiledVersions().values().forEach(version -> assertEquals(before, version));
        String acc = account("deck-retail", ReservationStrategy.FULL, "1.00");
        ChargingResult still = charging.authorise(acc, "r1", "1", "442071234567", System.currentTimeMillis()).join();
        assertEquals(before, still.deckVersion());
        assertEquals(998_600, still.reservedMicros());
        charging.stop(acc, "r1", 0, System.currentTimeMillis(), "").join();
    }

    @Test
    void everyServerNodeHoldsTheActiveDeckCompiled() {
        long active = decks.active().orElseThrow().version();

        Map<String, Long> compiled = decks.compiledVersions();

        assertEquals(Map.of("deck-test-1", active, "deck-test-2", active), compiled);
        for (Ignite server : new Ignite[]{server1, server2}) {
            NodeDecks local = NodeDecks.of(server);
            assertEquals(active, local.active().version());
            assertNotNull(local.active().plan("deck-retail"));
        }
    }

    @Test
    void anUploadReportsThePlansItDrops() {
        activate(TestDecks.withPlan("short-lived", "44", "0.01", "0"));

        DeckUpload upload = decks.upload(TestDecks.with("", ""), System.currentTimeMillis());
        decks.awaitCompiled(upload.version(), Duration.ofSeconds(30));

        assertEquals(java.util.List.of("short-lived"), upload.droppedPlans());
        assertEquals(java.util.List.of("deck-retail"), upload.plans());
        assertTrue(decks.definesPlan("deck-retail"));
        assertTrue(!decks.definesPlan("short-lived"));
    }
}
