package io.bpmon.core.rollup;

/** Unsigned LEB128 varints: the compact numbers of the roll-up's state. */
final class Varints {

    /** The most bytes one varint takes. */
    static final int MAX_BYTES = 10;

    private Varints() {}

    /** Writes {@code value} at {@code at}; returns the position after it. */
    static int write(byte[] out, int at, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative varint " + value);
        }
        while ((value & ~0x7FL) != 0) {
            out[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[at++] = (byte) value;
        return at;
    }

    static final class Reader {
        private final byte[] bytes;
        private int at;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        long next() {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = bytes[at++];
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
        }
    }
}
