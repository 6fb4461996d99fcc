package io.tollgrid.grid.principal;

import io.tollgrid.grid.admin.AdminException;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.grid.tenancy.ApiKeys;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Principals written from a client node: keys that expire and are revoked, logins, idle sessions, tenant keys,
 * password changes and resets.
 */
class PrincipalsTest {
    private static final AtomicLong NOW = new AtomicLong(1_800_000_000_000L);
    private static Ignite server;
    private static Ignite client;
    private static Principals principals;

    @BeforeAll
    static void startGrid() {
        GridSettings settings = TestGrids.settings("principals-server");
        server = GridNodes.startServer(settings);
        client = GridNodes.startClient(settings.withInstanceName("principals-client"));
        principals = new Principals(client, Duration.ofMinutes(15), NOW::get);
        GridAdmin admin = new GridAdmin(client);
        admin.putTenant("pr-t", "Reseller", "pr-tenant-key-000001");
        admin.putRatePlan("pr-flat", new FlatRate(Money.parse("0.01"), Money.ZERO, 60, 60));
        admin.createAccount("pr-t", "pr-1", "EUR", "pr-flat", Money.ZERO, Money.ZERO);
    }

    @AfterAll
    static void stopGrid() {
        client.close();
        server.close();
    }

    @Test
    void aKeyWorksUntilItExpiresOrIsRevokedAndIsStoredOnlyAsItsDigest() {
        principals.create("pr-noc", Role.READ_ONLY, "NOC", "pr-t", null, null);
        IssuedKey forever = principals.issueKey("pr-noc", "dashboard", 0);
        IssuedKey shortLived = principals.issueKey("pr-noc", "script", NOW.get() + 60_000);
        assertTrue(forever.key().length() >= 40);
        assertEquals("pr-noc", principals.byKey(forever.key()).orElseThrow().principal().principalId());
        assertEquals(Authenticated.Via.KEY, principals.byKey(forever.key()).orElseThrow().via());
        assertEquals(shortLived.stored().keyId(), principals.byKey(shortLived.key()).orElseThrow().keyId());
        assertTrue(server.cache(io.tollgrid.grid.node.Caches.PRINCIPAL_KEYS).get(forever.key()) == null);

        NOW.addAndGet(60_000);
        assertTrue(principals.byKey(shortLived.key()).isEmpty(), "an expired key still works");
        assertTrue(principals.byKey(forever.key()).isPresent());

        principals.revokeKey("pr-noc", forever.stored().keyId());
        assertTrue(principals.byKey(forever.key()).isEmpty(), "a revoked key still works");
        // Both keys were issued at the same test-clock instant, so the list's order between them is the key ids'.
        assertNotEquals(0, principals.keysOf("pr-noc").stream()
                .filter(key -> key.keyId().equals(forever.stored().keyId())).findFirst().orElseThrow().revokedAtMillis());
        assertEquals("KEY_UNKNOWN", assertThrows(AdminException.class,
                () -> principals.revokeKey("pr-noc", "000000000000")).code());
        assertEquals("KEY_EXPIRY_INVALID", assertThrows(AdminException.class,
                () -> principals.issueKey("pr-noc", "past", NOW.get() - 1)).code());
    }

    @Test
    void aTenantKeyFromBeforePrincipalsIsAResellerAdminOfItsTenant() {
        Authenticated legacy = principals.byKey("pr-tenant-key-000001").orElseThrow();
        assertEquals(Role.RESELLER_ADMIN, legacy.principal().role());
        assertEquals("pr-t", legacy.principal().tenantId());
        assertEquals(Authenticated.Via.TENANT_KEY, legacy.via());
        assertTrue(principals.byKey("pr-tenant-key-000002").isEmpty());
    }

    @Test
    void aPasswordLoginOpensASessionThatEndsWhenIdle() {
        principals.create("pr-alice", Role.END_USER, "Alice", "pr-t", "pr-1", "correct horse battery");
        assertTrue(principals.login("pr-alice", "correct horse batterY").isEmpty());
        assertTrue(principals.login("pr-nobody", "correct horse battery").isEmpty());
        String token = principals.login("pr-alice", "correct horse battery").orElseThrow();
        assertEquals("pr-alice", principals.bySession(token).orElseThrow().principal().principalId());
        assertTrue(principals.byKey(token).isEmpty(), "a session token is not an API key");

        NOW.addAndGet(14 * 60_000);
        assertTrue(principals.bySession(token).isPresent(), "used within the idle timeout");
        NOW.addAndGet(14 * 60_000);
        assertTrue(principals.bySession(token).isPresent(), "each use restarts the idle timeout");
        NOW.addAndGet(15 * 60_000);
        assertTrue(principals.bySession(token).isEmpty(), "an idle session still works");

        String again = principals.login("pr-alice", "correct horse battery").orElseThrow();
        assertTrue(principals.logout(again));
        assertTrue(principals.bySession(again).isEmpty());
    }

    @Test
    void aDisabledPrincipalsKeysPasswordAndSessionsStopWorking() {
        principals.create("pr-bob", Role.ENTERPRISE_ADMIN, "Bob", "pr-t", null, "bob's long password");
        IssuedKey key = principals.issueKey("pr-bob", "laptop", 0);
        String token = principals.login("pr-bob", "bob's long password").orElseThrow();
        principals.disable("pr-bob");
        assertTrue(principals.byKey(key.key()).isEmpty());
        assertTrue(principals.bySession(token).isEmpty());
        assertTrue(principals.login("pr-bob", "bob's long password").isEmpty());
        assertEquals("PRINCIPAL_DISABLED", assertThrows(AdminException.class,
                () -> principals.issueKey("pr-bob", "another", 0)).code());
    }

    @Test
    void aPrincipalChangesItsPasswordWithTheCurrentOneAndItsOtherSessionsEnd() {
        principals.create("pr-carol", Role.RESELLER_ADMIN, "Carol", "pr-t", null, "carol's first password");
        String mine = principals.login("pr-carol", "carol's first password").orElseThrow();
        String other = principals.login("pr-carol", "carol's first password").orElseThrow();
        Principal before = principals.principal("pr-carol").orElseThrow();

        assertTrue(principals.changePassword("pr-carol", "carol's wrong password", "carol's second password",
                ApiKeys.digest(mine)).isEmpty(), "a wrong current password");
        assertEquals("PASSWORD_INVALID", assertThrows(AdminException.class, () -> principals.changePassword("pr-carol",
                "carol's first password", "too short", ApiKeys.digest(mine))).code());
        assertEquals(before.passwordHash(), principals.principal("pr-carol").orElseThrow().passwordHash(),
                "a refused change changed the password");
        assertTrue(principals.bySession(other).isPresent(), "a refused change ended a session");

        OptionalInt ended = principals.changePassword("pr-carol", "carol's first password", "carol's second password",
                ApiKeys.digest(mine));

        assertEquals(OptionalInt.of(1), ended);
        assertTrue(principals.bySession(mine).isPresent(), "the caller's own session ended");
        assertTrue(principals.bySession(other).isEmpty(), "another session survived the change");
        assertTrue(principals.login("pr-carol", "carol's first password").isEmpty(), "the old password still works");
        assertTrue(principals.login("pr-carol", "carol's second password").isPresent());
        assertTrue(principals.changePassword("pr-nobody", "carol's second password", "carol's third password", null)
                .isEmpty(), "an unknown id");
        principals.create("pr-keys-only", Role.READ_ONLY, "Keys", "pr-t", null, null);
        assertTrue(principals.changePassword("pr-keys-only", "any long password", "carol's third password", null)
                .isEmpty(), "a principal without a password has no current one to give");
        assertFalse(principals.principal("pr-keys-only").orElseThrow().hasPassword());
    }

    @Test
    void anAdminSetsAPasswordAndEverySessionOfThePrincipalEnds() {
        principals.create("pr-dan", Role.END_USER, "Dan", "pr-t", "pr-1", "dan's first password");
        String first = principals.login("pr-dan", "dan's first password").orElseThrow();
        String second = principals.login("pr-dan", "dan's first password").orElseThrow();
        Principal before = principals.principal("pr-dan").orElseThrow();

        assertEquals("PASSWORD_INVALID", assertThrows(AdminException.class,
                () -> principals.setPassword("pr-dan", "short")).code());
        assertEquals(before.passwordHash(), principals.principal("pr-dan").orElseThrow().passwordHash());
        assertTrue(principals.bySession(first).isPresent(), "a refused reset ended a session");

        assertEquals(2, principals.setPassword("pr-dan", "dan's reset password"));

        assertTrue(principals.bySession(first).isEmpty());
        assertTrue(principals.bySession(second).isEmpty());
        assertTrue(principals.login("pr-dan", "dan's first password").isEmpty(), "the old password still works");
        assertTrue(principals.login("pr-dan", "dan's reset password").isPresent());
        assertEquals("PRINCIPAL_UNKNOWN", assertThrows(AdminException.class,
                () -> principals.setPassword("pr-nobody", "a long enough password")).code());

        principals.create("pr-erin", Role.READ_ONLY, "Erin", "pr-t", null, null);
        assertEquals(0, principals.setPassword("pr-erin", "erin's first password"), "a keys-only principal");
        assertTrue(principals.login("pr-erin", "erin's first password").isPresent());
        principals.disable("pr-erin");
        assertEquals("PRINCIPAL_DISABLED", assertThrows(AdminException.class,
                () -> principals.setPassword("pr-erin", "erin's second password")).code());
    }

    @Test
    void badPrincipalsAreRefusedAndWriteNothing() {
        int before = principals.all().size();
        assertEquals("TENANT_UNKNOWN", assertThrows(AdminException.class,
                () -> principals.create("pr-x1", Role.RESELLER_ADMIN, "X", "no-such-tenant", null, null)).code());
        assertEquals("PRINCIPAL_INVALID", assertThrows(AdminException.class,
                () -> principals.create("pr-x2", Role.RESELLER_ADMIN, "X", null, null, null)).code());
        assertEquals("PASSWORD_INVALID", assertThrows(AdminException.class,
                () -> principals.create("pr-x3", Role.READ_ONLY, "X", "pr-t", null, "short")).code());
        assertEquals("ACCOUNT_UNKNOWN", assertThrows(AdminException.class,
                () -> principals.create("pr-x4", Role.END_USER, "X", "pr-t", "no-such-account", null)).code());
        principals.create("pr-x5", Role.READ_ONLY, "X", "pr-t", null, null);
        assertEquals("PRINCIPAL_EXISTS", assertThrows(AdminException.class,
                () -> principals.create("pr-x5", Role.OPERATOR, "Y", null, null, null)).code());
        assertEquals(Role.READ_ONLY, principals.principal("pr-x5").orElseThrow().role());
        assertEquals(before + 1, principals.all().size());
        assertFalse(principals.principal("pr-x1").isPresent());
    }

    @Test
    void passwordHashesAreArgon2idAndSalted() {
        String first = Passwords.hash("the same password");
        String second = Passwords.hash("the same password");
        assertTrue(first.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), first);
        assertNotEquals(first, second);
        assertTrue(Passwords.verify("the same password", first));
        assertFalse(Passwords.verify("the same passwore", first));
        assertFalse(Passwords.verify("the same password", "$argon2id$garbage"));
    }
}
