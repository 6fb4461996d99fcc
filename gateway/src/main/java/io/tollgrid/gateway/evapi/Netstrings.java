package io.tollgrid.gateway.evapi;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Netstring framing ({@code 12:hello world!,}), as evapi writes and reads it. The reader takes bytes as they
 * arrive, in any split, and hands over each whole payload; a frame over {@code maxFrameBytes} or a malformed
 * one is a {@link Malformed} error, after which the connection cannot be trusted and must be closed.
 */
final class Netstrings {
    private static final int MAX_LENGTH_DIGITS = 9;

    private final int maxFrameBytes;
    private final Consumer<String> onFrame;
    private Buffer pending = Buffer.buffer();

    Netstrings(int maxFrameBytes, Consumer<String> onFrame) {
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("maxFrameBytes must be positive");
        }
        this.maxFrameBytes = maxFrameBytes;
        this.onFrame = onFrame;
    }

    static Buffer encode(String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return Buffer.buffer(bytes.length + 12).appendString(Integer.toString(bytes.length)).appendByte((byte) ':')
                .appendBytes(bytes).appendByte((byte) ',');
    }

    void feed(Buffer chunk) {
        pending = pending.length() == 0 ? chunk.copy() : pending.appendBuffer(chunk);
        int position = 0;
        while (true) {
            int colon = -1;
            for (int i = position; i < pending.length() && i <= position + MAX_LENGTH_DIGITS; i++) {
                byte b = pending.getByte(i);
                if (b == ':') {
                    colon = i;
                    break;
                }
                if (b < '0' || b > '9') {
                    throw new Malformed("a netstring length must be decimal digits, found byte " + (b & 0xff));
                }
            }
            if (colon < 0) {
                if (pending.length() - position > MAX_LENGTH_DIGITS) {
                    throw new Malformed("a netstring length has more than " + MAX_LENGTH_DIGITS + " digits");
                }
                break;
            }
            if (colon == position) {
                throw new Malformed("a netstring has no length");
            }
            int length = Integer.parseInt(pending.getString(position, colon, "US-ASCII"));
            if (length > maxFrameBytes) {
                throw new Malformed("a frame of " + length + " bytes is over the limit of " + maxFrameBytes);
            }
            int end = colon + 1 + length;
            if (pending.length() <= end) {
                break; // the payload or its comma has not arrived yet
            }
            if (pending.getByte(end) != ',') {
                throw new Malformed("a netstring does not end with ',' after its " + length + " bytes");
            }
            onFrame.accept(pending.getString(colon + 1, end, "UTF-8"));
            position = end + 1;
        }
        pending = position == 0 ? pending : pending.getBuffer(position, pending.length());
    }

    /** The peer broke the framing. */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message);
        }
    }
}
