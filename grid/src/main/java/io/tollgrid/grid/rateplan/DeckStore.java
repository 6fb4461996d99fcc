package io.tollgrid.grid.rateplan;

import io.tollgrid.grid.node.Caches;
import io.tollgrid.rating.csv.DeckCsv;
import io.tollgrid.rating.deck.RateDeck;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.transactions.Transaction;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.apache.ignite.transactions.TransactionConcurrency.PESSIMISTIC;
import static org.apache.ignite.transactions.TransactionIsolation.REPEATABLE_READ;

/**
 * The rate_decks cache: each version's CSV tables, gzipped and cut into chunks, a manifest per version, the
 * active-version pointer and a version counter. Versions are never changed once written.
 *
 * <p>Why chunks: a deck's tables can be tens of megabytes, and one cache entry (or one transaction) that
 * large becomes one WAL record, which must fit a WAL segment (16 MiB here). So the chunks are written one by
 * one first, and only then the manifest and the pointer, in one small transaction. That transaction is the
 * commit point: chunks of an upload that died before it are never read.
 */
final class DeckStore {
    static final String ACTIVE = "active";
    static final String NEXT_VERSION = "next-version";
    static final int CHUNK_BYTES = 256 * 1024;

    private final Ignite ignite;
    private final IgniteCache<String, Object> cache;

    DeckStore(Ignite ignite) {
        this.ignite = ignite;
        this.cache = ignite.cache(Caches.RATE_DECKS);
    }

    static String manifestKey(long version) {
        return "deck/" + version;
    }

    static String chunkKey(long version, int index) {
        return "deck/" + version + "/chunk/" + index;
    }

    ActiveDeck active() {
        return (ActiveDeck) cache.get(ACTIVE);
    }

    StoredDeck manifest(long version) {
        return (StoredDeck) cache.get(manifestKey(version));
    }

    /** Takes the next version number; numbers of uploads that fail later are simply never used. */
    long allocateVersion() {
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ)) {
            Long next = (Long) cache.get(NEXT_VERSION);
            long version = next == null ? 1 : next;
            cache.put(NEXT_VERSION, version + 1);
            tx.commit();
            return version;
        }
    }

    /** Writes the version's chunks (not its manifest); returns the manifest to commit. */
    StoredDeck writeChunks(long version, Map<String, String> tables, List<String> plans, List<SellPlan> sellPlans,
                           long atMillis) {
        byte[] packed = pack(tables);
        int chunks = (packed.length + CHUNK_BYTES - 1) / CHUNK_BYTES;
        for (int i = 0; i < chunks; i++) {
            int from = i * CHUNK_BYTES;
            byte[] chunk = java.util.Arrays.copyOfRange(packed, from, Math.min(packed.length, from + CHUNK_BYTES));
            cache.put(chunkKey(version, i), chunk);
        }
        return new StoredDeck(version, atMillis, chunks, packed.length, sha256(packed), plans, sellPlans);
    }

    /** The tables of a stored version, or null when there is no such version. */
    Map<String, String> tables(long version) {
        StoredDeck manifest = manifest(version);
        if (manifest == null) {
            return null;
        }
        byte[] packed = new byte[manifest.packedBytes()];
        int at = 0;
        for (int i = 0; i < manifest.chunkCount(); i++) {
            byte[] chunk = (byte[]) cache.get(chunkKey(version, i));
            if (chunk == null || at + chunk.length > packed.length) {
                throw new IllegalStateException("rate deck version " + version + " is damaged: chunk " + i);
            }
            System.arraycopy(chunk, 0, packed, at, chunk.length);
            at += chunk.length;
        }
        if (at != packed.length || !sha256(packed).equals(manifest.sha256())) {
            throw new IllegalStateException("rate deck version " + version + " is damaged: checksum mismatch");
        }
        return unpack(packed);
    }

    /** Compiles a stored version; null when there is no such version. */
    RateDeck compile(long version) {
        Map<String, String> tables = tables(version);
        return tables == null ? null : DeckCsv.read(version, tables);
    }

    static byte[] pack(Map<String, String> tables) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes))) {
            Map<String, String> sorted = new TreeMap<>(tables);
            out.writeInt(sorted.size());
            for (Map.Entry<String, String> table : sorted.entrySet()) {
                out.writeUTF(table.getKey());
                byte[] text = table.getValue().getBytes(StandardCharsets.UTF_8);
                out.writeInt(text.length);
                out.write(text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Map<String, String> unpack(byte[] packed) {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(packed)))) {
            int count = in.readInt();
            Map<String, String> tables = new HashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                byte[] text = new byte[in.readInt()];
                in.readFully(text);
                tables.put(name, new String(text, StandardCharsets.UTF_8));
            }
            return tables;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> missingFrom(List<String> before, List<String> after) {
        List<String> missing = new ArrayList<>(before);
        missing.removeAll(after);
        return missing;
    }
}
