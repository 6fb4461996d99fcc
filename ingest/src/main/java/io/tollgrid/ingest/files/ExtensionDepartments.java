package io.tollgrid.ingest.files;

import io.tollgrid.grid.account.Subscriber;
import io.tollgrid.grid.admin.GridAdmin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The department of a file CDR's extension: the grid's subscriber of that id on the CDR's account (docs/rollups.md,
 * "Extensions and call types"), cached so that a file of a PBX's calls asks the grid once per extension, not once per
 * line. At most {@value #MAX_ENTRIES} extensions are kept, each for {@value #TTL_MILLIS} ms, so a department changed in
 * the grid reaches imports that much later. Thread-safe.
 */
public final class ExtensionDepartments {
    static final int MAX_ENTRIES = 10_000;
    static final long TTL_MILLIS = 60_000;
    /** No grid: no extension has a department. */
    public static final ExtensionDepartments NONE = new ExtensionDepartments((account, extension) -> Optional.empty());

    private record Key(String account, String extension) {
    }

    private record Known(Optional<String> department, long atMillis) {
    }

    private final BiFunction<String, String, Optional<String>> lookup;
    private final Map<Key, Known> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Known> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    ExtensionDepartments(BiFunction<String, String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    static ExtensionDepartments of(GridAdmin grid) {
        return new ExtensionDepartments((account, extension) -> grid.subscriber(account, extension)
                .map(Subscriber::department));
    }

    /** The extension's department on the account, or null: no such subscriber, or it has none. */
    String of(String account, String extension) {
        if (extension == null) {
            return null;
        }
        Key key = new Key(account, extension);
        long now = System.currentTimeMillis();
        synchronized (cache) {
            Known known = cache.get(key);
            if (known != null && now - known.atMillis() < TTL_MILLIS) {
                return known.department().orElse(null);
            }
        }
        // Asked outside the lock: two lines of one new extension may both ask, which is harmless.
        Optional<String> department = lookup.apply(account, extension);
        synchronized (cache) {
            cache.put(key, new Known(department, now));
        }
        return department.orElse(null);
    }
}
