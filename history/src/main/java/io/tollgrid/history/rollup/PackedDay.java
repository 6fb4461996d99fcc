package io.tollgrid.history.rollup;

import io.tollgrid.money.Money;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * A day's rollup cells as one value, so that Cassandra stores and reads a day as one cell instead of a row per
 * cell (a year's report then reads 365 cells, not some 95,000 rows; docs/rollups.md). The format: a version byte,
 * the number of cells, the number of counters per cell (version 2; version 1 had nine and no such field), then per
 * cell its dimension's name, key and currency (modified UTF-8) and its counters as zigzag variable-length longs (a
 * margin may be negative; most counters fit in one to three bytes). A reader takes the counters it knows, in their
 * order, reads a missing one as 0 and skips any past them (a value written by a later version).
 */
final class PackedDay {
    private static final byte VERSION = 2;
    /** Version 1: nine counters, from calls to margin. */
    private static final byte VERSION_NINE_COUNTERS = 1;
    /** The counters of a cell this version writes: {@link Usage}'s, in its order. */
    static final int COUNTERS = 13;
    /** More counters per cell than any version will write: past this a value is not one this class wrote. */
    private static final int MAX_COUNTERS = 64;
    /** A day holds one cell per distinct key of each dimension; past this a value is not one this class wrote. */
    static final int MAX_CELLS = 1_000_000;

    private PackedDay() {
    }

    static ByteBuffer encode(Map<RollupCell, Usage> cells) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 48 * cells.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(cells.size());
            out.writeByte(COUNTERS);
            for (Map.Entry<RollupCell, Usage> entry : cells.entrySet()) {
                RollupCell cell = entry.getKey();
                Usage usage = entry.getValue();
                out.writeUTF(cell.dimension().name());
                out.writeUTF(cell.key());
                out.writeUTF(cell.currency());
                for (long counter : new long[] {usage.calls(), usage.answered(), usage.durationSeconds(),
                        usage.billedSeconds(), usage.cost().micros(), usage.maxDurationSeconds(), usage.maxCost().micros(),
                        usage.buyCost().micros(), usage.margin().micros(), usage.nerCalls(), usage.networkEffective(),
                        usage.pddCalls(), usage.pddMillis()}) {
                    writeVarLong(out, counter);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ByteBuffer.wrap(bytes.toByteArray());
    }

    static Map<RollupCell, Usage> decode(ByteBuffer packed) {
        byte[] copy = new byte[packed.remaining()];
        packed.duplicate().get(copy);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(copy))) {
            byte version = in.readByte();
            if (version != VERSION && version != VERSION_NINE_COUNTERS) {
                throw new IllegalStateException("a packed rollup day of version " + version + ", not "
                        + VERSION_NINE_COUNTERS + " or " + VERSION);
            }
            int count = in.readInt();
            if (count < 0 || count > MAX_CELLS) {
                throw new IllegalStateException("a packed rollup day of " + count + " cells");
            }
            int counters = version == VERSION_NINE_COUNTERS ? 9 : in.readUnsignedByte();
            if (counters < 9 || counters > MAX_COUNTERS) {
                throw new IllegalStateException("a packed rollup day of " + counters + " counters a cell");
            }
            Map<RollupCell, Usage> cells = new HashMap<>(count * 2);
            for (int i = 0; i < count; i++) {
                RollupCell cell = new RollupCell(Dimension.valueOf(in.readUTF()), in.readUTF(), in.readUTF());
                long[] c = new long[COUNTERS];
                for (int k = 0; k < counters; k++) {
                    long value = readVarLong(in);
                    if (k < COUNTERS) {
                        c[k] = value;
                    }
                }
                cells.put(cell, new Usage(c[0], c[1], c[2], c[3], Money.ofMicros(c[4]), c[5], Money.ofMicros(c[6]),
                        Money.ofMicros(c[7]), Money.ofMicros(c[8]), c[9], c[10], c[11], c[12]));
            }
            if (in.available() != 0) {
                throw new IllegalStateException("a packed rollup day with " + in.available() + " bytes past its cells");
            }
            return cells;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeVarLong(DataOutputStream out, long value) throws IOException {
        long zigzag = (value << 1) ^ (value >> 63);
        while ((zigzag & ~0x7FL) != 0) {
            out.writeByte((int) ((zigzag & 0x7F) | 0x80));
            zigzag >>>= 7;
        }
        out.writeByte((int) zigzag);
    }

    private static long readVarLong(DataInputStream in) throws IOException {
        long zigzag = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.readByte();
            zigzag |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (zigzag >>> 1) ^ -(zigzag & 1);
            }
        }
        throw new IllegalStateException("a variable-length long of more than ten bytes");
    }
}
