package io.tollgrid.grid.rateplan;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountLimits;
import io.tollgrid.grid.account.PayType;
import io.tollgrid.grid.account.ReservationStrategy;
import io.tollgrid.grid.admin.AdminException;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.charging.ChargingResult;
import io.tollgrid.grid.charging.Outcome;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.money.Money;
import io.tollgrid.rating.deck.DeckRejectedException;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reseller's sell plan on a real server node, driven through a client node: written as a new deck version on top
 * of the active one, priced at authorise and stop as the buy price with the markup (to the micro), carried over by the
 * operator's next upload, and refused whole when the deck would not take it.
 */
class SellPlanChargingTest {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static Ignite server;
    private static Ignite client;
    private static ChargingClient charging;
    private static GridAdmin admin;
    private static RateDecks decks;
    private static SellPlans sellPlans;

    @BeforeAll
    static void startGrid() {
        GridSettings settings = TestGrids.settings("sell-test-1");
        server = GridNodes.startServer(settings);
        client = GridNodes.startClient(settings.withInstanceName("sell-test-client"));
        charging = new ChargingClient(client);
        admin = new GridAdmin(client);
        decks = new RateDecks(client);
        sellPlans = new SellPlans(client);
        awaitEverywhere(decks.upload(TestDecks.with("", ""), System.currentTimeMillis()).version());
        admin.putTenant("sr", "Reseller", null, 0, "sr-key-0123456789abcdef", null, "deck-retail");
        admin.putTenant("sx", "No buy plan", null, 0, "sx-key-0123456789abcdef");
    }

    @AfterAll
    static void stopGrid() {
        client.close();
        server.close();
    }

    private static void awaitEverywhere(long version) {
        Map<String, Long> compiled = decks.awaitCompiled(version, Duration.ofSeconds(30));
        compiled.values().forEach(v -> assertTrue(v >= version, compiled.toString()));
    }

    private static String account(String plan) {
        String id = "sell-acc-" + IDS.incrementAndGet();
        admin.openAccount(Account.open("sr", id, "EUR", plan, PayType.PREPAID, ReservationStrategy.FULL,
                new AccountLimits(0, 0, 0, 0, 0, 60), Money.parse("1.00").micros(), 0, 0));
        return id;
    }

    private static SellPlan.Markup markup(String group, String percent, String fixed) {
        return new SellPlan.Markup(group, new BigDecimal(percent), new BigDecimal(fixed));
    }

    @Test
    void aCallOnTheSellPlanCostsTheBuyPriceWithTheMarkupToTheMicro() {
        SellPlans.Written written = sellPlans.put("sr", "retail",
                List.of(markup("UK", "10", "0.001"), markup("*", "50", "0")), System.currentTimeMillis());
        awaitEverywhere(written.version());
        assertEquals("sr:retail", written.plan().planId());
        assertEquals("deck-retail", written.plan().parentId());
        String acc = account("sr:retail");
        long now = System.currentTimeMillis();

        ChargingResult authorised = charging.authorise(acc, "m1", "35929000001", "442071234567", now).join();
        ChargingResult stopped = charging.stop(acc, "m1", 95, now + 100_000, "").join();

        // London buys at 0.024/min and 0.005 a call. UK +10 %: 0.0264 (+0.001 fixed: 0.0274) and 0.0055.
        // 95 s bills 30 + 11*6 = 96 s: 0.0055 + 0.0274 * 96 / 60 = 0.0055 + 0.04384 = 0.04934.
        assertEquals(Outcome.OK, authorised.outcome());
        assertEquals(27_400, authorised.pricePerMinuteMicros());
        assertEquals(5_500, authorised.connectFeeMicros());
        assertEquals("sr:retail/4420@v" + written.version(), authorised.rateId());
        assertEquals(49_340, stopped.costMicros());
        assertEquals(1_000_000 - 49_340, admin.account(acc).orElseThrow().balanceMicros());
        // The buy plan's own price is unchanged: 0.005 + 0.024 * 96 / 60 = 0.0434.
        String buyer = account("deck-retail");
        charging.authorise(buyer, "m2", "35929000001", "442071234567", now).join();
        assertEquals(43_400, charging.stop(buyer, "m2", 95, now + 100_000, "").join().costMicros());
    }

    @Test
    void anOperatorUploadCarriesTheSellPlanOverAndCannotTakeItsId() {
        SellPlans.Written written = sellPlans.put("sr", "carried", List.of(markup("*", "100", "0")),
                System.currentTimeMillis());
        DeckUpload upload = decks.upload(TestDecks.with("", ""), System.currentTimeMillis());
        awaitEverywhere(upload.version());
        assertTrue(upload.plans().contains("sr:carried"), upload.plans().toString());
        assertTrue(upload.version() > written.version());
        assertEquals(List.of("*"), sellPlans.plan("sr:carried").orElseThrow().markups().stream()
                .map(SellPlan.Markup::group).toList());
        String acc = account("sr:carried");
        long now = System.currentTimeMillis();
        charging.authorise(acc, "c1", "1", "442071234567", now).join();
        // +100 %: 0.048/min and 0.01 a call; 96 s: 0.01 + 0.0768 = 0.0868.
        assertEquals(86_800, charging.stop(acc, "c1", 95, now + 100_000, "").join().costMicros());

        long before = decks.active().orElseThrow().version();
        DeckRejectedException taken = assertThrows(DeckRejectedException.class, () -> decks.upload(
                TestDecks.with("sr:carried,,UTC,6,START,UP,CALL,14400\n", ""), System.currentTimeMillis()));
        assertTrue(taken.errors().get(0).contains("sell plan of tenant sr"), taken.errors().toString());
        assertEquals(before, decks.active().orElseThrow().version());
    }

    @Test
    void aPlanTheDeckRefusesOrATenantWithoutABuyPlanChangesNothing() {
        long before = decks.active().orElseThrow().version();
        SellPlanException rejected = assertThrows(SellPlanException.class, () -> sellPlans.put("sr", "bad",
                List.of(markup("*", "1.00001", "0")), System.currentTimeMillis()));
        assertEquals("MARKUP_REJECTED", rejected.code());
        SellPlanException noBuyPlan = assertThrows(SellPlanException.class, () -> sellPlans.put("sx", "retail",
                List.of(markup("*", "1", "0")), System.currentTimeMillis()));
        assertEquals("NO_BUY_PLAN", noBuyPlan.code());
        assertEquals(before, decks.active().orElseThrow().version());
        assertFalse(sellPlans.plan("sr:bad").isPresent());
        assertThrows(IllegalArgumentException.class, () -> markup("*", "-1", "0"));
        assertThrows(IllegalArgumentException.class, () -> markup("*", "0", "-0.01"));
        AdminException unknown = assertThrows(AdminException.class, () -> admin.putTenant("sy", "Y", null, 0,
                "sy-key-0123456789abcdef", null, "no-such-plan"));
        assertEquals("RATE_PLAN_UNKNOWN", unknown.code());
    }

    @Test
    void replacingAPlanKeepsItsIdAndChangesItsPrice() {
        sellPlans.put("sr", "swap", List.of(markup("*", "10", "0")), System.currentTimeMillis());
        SellPlans.Written second = sellPlans.put("sr", "swap", List.of(markup("*", "20", "0")), System.currentTimeMillis());
        awaitEverywhere(second.version());
        assertTrue(second.replaced());
        assertEquals(1, sellPlans.ownedBy("sr").stream().filter(p -> p.planId().equals("sr:swap")).count());
        String acc = account("sr:swap");
        long now = System.currentTimeMillis();
        charging.authorise(acc, "s1", "1", "442071234567", now).join();
        // +20 %: 0.0288/min and 0.006; 96 s: 0.006 + 0.04608 = 0.05208.
        assertEquals(52_080, charging.stop(acc, "s1", 95, now + 100_000, "").join().costMicros());
    }
}
