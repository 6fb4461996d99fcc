package io.tollgrid.grid.rateplan;

import io.tollgrid.grid.node.Caches;
import io.tollgrid.rating.deck.CurrentDeck;
import io.tollgrid.rating.deck.DeckBuilder;
import io.tollgrid.rating.deck.RateDeck;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheEntryEventSerializableFilter;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cluster.ClusterState;
import org.apache.ignite.lifecycle.LifecycleBean;
import org.apache.ignite.lifecycle.LifecycleEventType;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.event.CacheEntryEvent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The rate decks compiled on this server node. Once the cluster is active the node compiles the active
 * version from what is persisted, then follows the active-version pointer with a continuous query and swaps
 * each newly activated version in atomically ({@link CurrentDeck}), so every node holds the compiled deck
 * and a call reads no cache to be rated.
 *
 * <p>Calls in progress stay priced by the version they were authorised with. The versions this node swapped
 * out last are kept compiled; an older one (after a restart, or when this node takes over another's calls)
 * is compiled again from storage on demand. Compiling runs on this bean's own thread, never in a caller's
 * transaction, so a charging transaction never locks the deck cache.
 */
public final class NodeDecks implements LifecycleBean {
    /** Where the bean registers itself in the node-local map. */
    public static final String NODE_LOCAL_KEY = "tollgrid.rate-decks";
    /** How long a call waits for the first compile after a node start before pricing without the deck. */
    static final Duration INITIAL_LOAD_WAIT = Duration.ofSeconds(30);
    /** A compile on demand of an old version (a 1M-prefix deck takes several seconds) may take this long. */
    static final Duration ON_DEMAND_WAIT = Duration.ofSeconds(60);
    /** How long an activated version's manifest may take to show on this node's replica. */
    static final Duration MANIFEST_WAIT = Duration.ofSeconds(10);
    /** Superseded versions kept compiled for the calls still in progress on them. */
    static final int SUPERSEDED_KEPT = 2;
    private static final Logger LOG = LoggerFactory.getLogger(NodeDecks.class);

    @IgniteInstanceResource
    private transient Ignite ignite;
    private final CurrentDeck current = new CurrentDeck(new DeckBuilder(0).build());
    private final CountDownLatch firstLoad = new CountDownLatch(1);
    private final Map<Long, RateDeck> superseded = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, RateDeck> eldest) {
            return size() > SUPERSEDED_KEPT;
        }
    };
    private volatile ExecutorService loader;
    private volatile QueryCursor<Cache.Entry<String, Object>> watch;
    private volatile boolean stopping;

    /** This node's decks, or null on a client node. */
    public static NodeDecks of(Ignite ignite) {
        return (NodeDecks) ignite.cluster().nodeLocalMap().get(NODE_LOCAL_KEY);
    }

    @Override
    public void onLifecycleEvent(LifecycleEventType event) {
        if (event == LifecycleEventType.AFTER_NODE_START && !ignite.configuration().isClientMode()) {
            String name = "rate-deck-loader-" + ignite.name();
            loader = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, name);
                thread.setDaemon(true);
                return thread;
            });
            ignite.cluster().nodeLocalMap().put(NODE_LOCAL_KEY, this);
            loader.execute(this::startFollowing);
        } else if (event == LifecycleEventType.BEFORE_NODE_STOP && loader != null) {
            stopping = true;
            QueryCursor<?> cursor = watch;
            if (cursor != null) {
                cursor.close();
            }
            loader.shutdownNow();
        }
    }

    /** The deck new calls are priced with: version 0 (no plans) until a deck is activated. */
    public RateDeck active() {
        if (firstLoad.getCount() > 0) {
            try {
                firstLoad.await(INITIAL_LOAD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return current.get();
    }

    public long currentVersion() {
        return current.get().version();
    }

    /** The compiled deck of this version if this node holds it (the current one or a recently superseded one), else null. */
    public RateDeck held(long version) {
        RateDeck now = current.get();
        if (now.version() == version) {
            return now;
        }
        synchronized (superseded) {
            return superseded.get(version);
        }
    }

    /**
     * The compiled deck of exactly this version, compiled from storage if this node does not hold it; null
     * only if no such version was ever stored.
     */
    public RateDeck version(long version) {
        RateDeck now = current.get();
        if (now.version() == version) {
            return now;
        }
        synchronized (superseded) {
            RateDeck kept = superseded.get(version);
            if (kept != null) {
                return kept;
            }
        }
        try {
            return loader.submit(() -> compileOld(version)).get(ON_DEMAND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling rate deck version " + version, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot compile rate deck version " + version, e);
        }
    }

    private RateDeck compileOld(long version) {
        synchronized (superseded) {
            RateDeck kept = superseded.get(version);
            if (kept != null) {
                return kept;
            }
        }
        RateDeck deck = new DeckStore(ignite).compile(version);
        if (deck != null) {
            LOG.info("compiled rate deck version {} on demand for calls still priced by it", version);
            keep(deck);
        }
        return deck;
    }

    private void keep(RateDeck deck) {
        synchronized (superseded) {
            superseded.put(deck.version(), deck);
        }
    }

    /** Runs on the loader thread: waits for activation, subscribes to the pointer, loads what is active. */
    private void startFollowing() {
        try {
            while (ignite.cluster().state() != ClusterState.ACTIVE) {
                if (stopping) {
                    return;
                }
                Thread.sleep(100);
            }
            IgniteCache<String, Object> cache = ignite.cache(Caches.RATE_DECKS);
            ContinuousQuery<String, Object> query = new ContinuousQuery<String, Object>()
                    .setLocalListener(events -> {
                        // Never compile on Ignite's notification thread: hand the work to the loader. The
                        // version comes from the event: this node's replica of the pointer may not show it yet.
                        ExecutorService executor = loader;
                        for (CacheEntryEvent<? extends String, ?> event : events) {
                            if (!stopping && executor != null && event.getValue() instanceof ActiveDeck pointer) {
                                executor.execute(() -> loadSafely(pointer.version()));
                            }
                        }
                    });
            query.setRemoteFilterFactory(FactoryBuilder.factoryOf(ActivePointerOnly.class));
            // Subscribed before the first read, so an activation in between is not missed.
            watch = cache.query(query);
            ActiveDeck pointer = new DeckStore(ignite).active();
            if (pointer != null) {
                loadSafely(pointer.version());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!stopping) {
                LOG.error("rate decks: cannot follow the active deck; new calls use flat-rate plans only", e);
            }
        } finally {
            firstLoad.countDown();
        }
    }

    private void loadSafely(long version) {
        try {
            load(version);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!stopping) {
                // Uploads are compiled before they are stored, so this is a damaged store or a changed rating
                // library: keep pricing with the deck in force rather than with none.
                LOG.error("rate decks: cannot load the active deck; keeping version {}", currentVersion(), e);
            }
        }
    }

    /**
     * Compiles an activated version and swaps it in, unless a newer one is in already. Only ever on the loader
     * thread, so activations are compiled one at a time.
     */
    private void load(long version) throws InterruptedException {
        RateDeck before = current.get();
        if (version <= before.version()) {
            return;
        }
        long started = System.nanoTime();
        DeckStore store = new DeckStore(ignite);
        RateDeck deck = store.compile(version);
        // The manifest commits with the pointer; this node's replica can lag the event by a moment.
        long deadline = System.nanoTime() + MANIFEST_WAIT.toNanos();
        while (deck == null && System.nanoTime() < deadline && !stopping) {
            Thread.sleep(20);
            deck = store.compile(version);
        }
        if (deck == null) {
            throw new IllegalStateException("rate deck version " + version + " was activated but is not stored");
        }
        if (current.swap(deck)) {
            if (before.version() > 0) {
                keep(before);
            }
            LOG.info("rate deck version {} active on this node (compiled in {} ms)", deck.version(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }

    /** Ships only changes of the active-version pointer, not the deck chunks, to the nodes that follow it. */
    public static final class ActivePointerOnly implements CacheEntryEventSerializableFilter<String, Object> {
        @Override
        public boolean evaluate(CacheEntryEvent<? extends String, ?> event) {
            return DeckStore.ACTIVE.equals(event.getKey());
        }
    }
}
