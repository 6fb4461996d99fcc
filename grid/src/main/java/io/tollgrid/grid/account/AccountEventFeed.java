package io.tollgrid.grid.account;

import io.tollgrid.grid.node.Caches;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheEntryEventSerializableFilter;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.lang.IgniteBiPredicate;

import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.event.CacheEntryEvent;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The read side of the account events the charging core stores (low-balance crossings, imported calls past a
 * limit), for whoever acts on them (notifications): a live feed of new events, and a scan of the stored ones since
 * an instant. Read-only; nothing here writes or removes an event. An event is named by its account and its id,
 * which is fixed when it is raised ({@code TYPE@millis/cause}), so a reader can key what it did with it.
 */
public final class AccountEventFeed {
    /** The most stored events one {@link #listen} hands over before the live feed. */
    public static final int MAX_INITIAL = 100_000;

    private final IgniteCache<AccountScopedKey, AccountEvent> events;

    public AccountEventFeed(Ignite ignite) {
        this.events = ignite.cache(Caches.ACCOUNT_EVENTS);
    }

    /** One stored event and the id it is stored under. */
    public record Entry(String accountId, String eventId, AccountEvent event) {
        public Entry {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(event, "event");
        }
    }

    /**
     * Hands {@code listener} every stored event of these types raised at or after {@code sinceMillis} (at most
     * {@value #MAX_INITIAL}), then every new or rewritten one as the grid stores it, until the returned handle is
     * closed. An event can arrive more than once (in the scan and live, or again after a failover): the reader
     * dedupes by {@link Entry#eventId}. The listener runs on Ignite's threads and must not block.
     */
    public AutoCloseable listen(Set<String> types, long sinceMillis, Consumer<Entry> listener) {
        Set<String> wanted = Set.copyOf(types);
        ContinuousQuery<AccountScopedKey, AccountEvent> query = new ContinuousQuery<>();
        query.setInitialQuery(new ScanQuery<>(new Since(wanted, sinceMillis)));
        query.setRemoteFilterFactory(FactoryBuilder.factoryOf(new OfTypes(wanted)));
        query.setLocalListener(updates -> {
            for (CacheEntryEvent<? extends AccountScopedKey, ? extends AccountEvent> update : updates) {
                if (update.getValue() != null) {
                    listener.accept(new Entry(update.getKey().accountId(), update.getKey().id(), update.getValue()));
                }
            }
        });
        QueryCursor<Cache.Entry<AccountScopedKey, AccountEvent>> cursor = events.query(query);
        int handed = 0;
        for (Cache.Entry<AccountScopedKey, AccountEvent> stored : cursor) {
            if (++handed > MAX_INITIAL) {
                break;
            }
            listener.accept(new Entry(stored.getKey().accountId(), stored.getKey().id(), stored.getValue()));
        }
        return cursor::close;
    }

    /**
     * Stored events of these types raised at or after an instant (the scan before the live feed). A final class,
     * not a record: Ignite 2's binary marshaller cannot write record fields.
     */
    private static final class Since implements IgniteBiPredicate<AccountScopedKey, AccountEvent> {
        private static final long serialVersionUID = 1L;
        private final HashSet<String> types;
        private final long sinceMillis;

        Since(Set<String> types, long sinceMillis) {
            this.types = new HashSet<>(types);
            this.sinceMillis = sinceMillis;
        }

        @Override
        public boolean apply(AccountScopedKey key, AccountEvent event) {
            return types.contains(event.type()) && event.atMillis() >= sinceMillis;
        }
    }

    /** New events of these types; runs on the node that stores the event. */
    private static final class OfTypes implements CacheEntryEventSerializableFilter<AccountScopedKey, AccountEvent> {
        private static final long serialVersionUID = 1L;
        private final HashSet<String> types;

        OfTypes(Set<String> types) {
            this.types = new HashSet<>(types);
        }

        @Override
        public boolean evaluate(CacheEntryEvent<? extends AccountScopedKey, ? extends AccountEvent> update) {
            return update.getValue() != null && types.contains(update.getValue().type());
        }
    }
}
