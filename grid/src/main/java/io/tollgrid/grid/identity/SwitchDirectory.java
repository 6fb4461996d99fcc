package io.tollgrid.grid.identity;

import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.tenancy.ApiKeys;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The switches allowed to call the authorisation API, held in the gateway's memory so the hot path never
 * waits for it: a continuous query keeps the copy in step with the grid. A credential is a per-switch key
 * ("key:" + SHA-256) or a source IP ("ip:" + address).
 */
public final class SwitchDirectory implements AutoCloseable {
    private final Map<String, SwitchCredential> credentials = new ConcurrentHashMap<>();
    private final QueryCursor<Cache.Entry<String, SwitchCredential>> cursor;

    public SwitchDirectory(Ignite ignite) {
        IgniteCache<String, SwitchCredential> switches = ignite.cache(Caches.SWITCHES);
        ContinuousQuery<String, SwitchCredential> query = new ContinuousQuery<String, SwitchCredential>()
                .setInitialQuery(new ScanQuery<String, SwitchCredential>())
                .setLocalListener(events -> {
                    for (CacheEntryEvent<? extends String, ? extends SwitchCredential> event : events) {
                        if (event.getEventType() == EventType.REMOVED || event.getEventType() == EventType.EXPIRED) {
                            credentials.remove(event.getKey());
                        } else {
                            credentials.put(event.getKey(), event.getValue());
                        }
                    }
                });
        cursor = switches.query(query);
        for (Cache.Entry<String, SwitchCredential> entry : cursor) {
            credentials.put(entry.getKey(), entry.getValue());
        }
    }

    public static String keyCredential(String switchKey) {
        return "key:" + ApiKeys.digest(switchKey);
    }

    public static String ipCredential(String address) {
        return "ip:" + address;
    }

    /** The switch presenting this key, or else calling from this address, if registered. */
    public Optional<SwitchCredential> find(String switchKey, String sourceAddress) {
        if (switchKey != null) {
            return Optional.ofNullable(credentials.get(keyCredential(switchKey)));
        }
        return sourceAddress == null ? Optional.empty() : Optional.ofNullable(credentials.get(ipCredential(sourceAddress)));
    }

    @Override
    public void close() {
        try {
            cursor.close();
        } catch (IgniteException stopping) {
            // The Ignite node is stopping too (a shutdown hook runs beside ours) and ends the query itself.
        }
    }
}
