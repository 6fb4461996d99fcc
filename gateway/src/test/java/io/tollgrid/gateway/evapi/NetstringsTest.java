package io.tollgrid.gateway.evapi;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NetstringsTest {
    private final List<String> frames = new ArrayList<>();
    private final Netstrings reader = new Netstrings(100, frames::add);

    @Test
    void encodesTheByteLengthNotTheCharLength() {
        assertEquals("5:héllo,".length() + 1, Netstrings.encode("héllo").length());
        assertEquals("6:h\u00e9llo,", Netstrings.encode("héllo").toString(StandardCharsets.UTF_8));
    }

    @Test
    void readsFramesSplitAnywhereAndSeveralInOneChunk() {
        String wire = Netstrings.encode("{\"a\":1}").toString() + Netstrings.encode("héllo").toString(StandardCharsets.UTF_8)
                + Netstrings.encode("").toString();
        byte[] bytes = wire.getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= bytes.length; split++) {
            frames.clear();
            reader.feed(Buffer.buffer().appendBytes(bytes, 0, split));
            reader.feed(Buffer.buffer().appendBytes(bytes, split, bytes.length - split));
            assertEquals(List.of("{\"a\":1}", "héllo", ""), frames, "split at " + split);
        }
    }

    @Test
    void byteByByteGivesTheSameFrames() {
        byte[] bytes = (Netstrings.encode("one").toString() + Netstrings.encode("two").toString()).getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            reader.feed(Buffer.buffer(new byte[]{b}));
        }
        assertEquals(List.of("one", "two"), frames);
    }

    @Test
    void refusesBrokenFramingAndOversizedFrames() {
        assertThrows(Netstrings.Malformed.class, () -> new Netstrings(100, frames::add).feed(Buffer.buffer("x:abc,")));
        assertThrows(Netstrings.Malformed.class, () -> new Netstrings(100, frames::add).feed(Buffer.buffer(":abc,")));
        assertThrows(Netstrings.Malformed.class, () -> new Netstrings(100, frames::add).feed(Buffer.buffer("3:abcd")));
        assertThrows(Netstrings.Malformed.class, () -> new Netstrings(100, frames::add).feed(Buffer.buffer("101:")));
        assertThrows(Netstrings.Malformed.class, () -> new Netstrings(100, frames::add).feed(Buffer.buffer("1234567890")));
        assertEquals(List.of(), frames);
    }
}
