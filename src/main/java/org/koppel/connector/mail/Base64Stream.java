package org.koppel.connector.mail;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decodes base64 as it streams by, forgiving what the parser's own decoder throws on (and then gives
 * nothing of the last chunk): characters outside the alphabet are skipped, a mail cut off mid-way
 * gives what it has, and a padding '=' ends one run of base64 while a new one may follow.
 */
final class Base64Stream extends FilterInputStream {

    private static final int[] VALUE = new int[256];

    static {
        java.util.Arrays.fill(VALUE, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUE[alphabet.charAt(i)] = i;
        }
    }

    private final byte[] encoded = new byte[8192];
    private final byte[] decoded = new byte[8192 / 4 * 3 + 3];
    private int position;
    private int length;
    private int quad;
    private int quadLength;
    private boolean ended;

    Base64Stream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int wanted) throws IOException {
        if (wanted == 0) {
            return 0;
        }
        while (position == length) {
            if (ended) {
                return -1;
            }
            fill();
        }
        int n = Math.min(wanted, length - position);
        System.arraycopy(decoded, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        byte[] buffer = new byte[8192];
        for (int r; skipped < n && (r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped))) > 0; ) {
            skipped += r;
        }
        return skipped;
    }

    @Override
    public int available() {
        return length - position;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void fill() throws IOException {
        position = 0;
        length = 0;
        int n = in.read(encoded);
        if (n < 0) {
            flushQuad();
            ended = true;
            return;
        }
        for (int i = 0; i < n; i++) {
            int c = encoded[i] & 0xFF;
            if (c == '=') {
                flushQuad();
                continue;
            }
            int value = VALUE[c];
            if (value < 0) {
                continue;
            }
            quad = quad << 6 | value;
            if (++quadLength == 4) {
                decoded[length++] = (byte) (quad >> 16);
                decoded[length++] = (byte) (quad >> 8);
                decoded[length++] = (byte) quad;
                quad = 0;
                quadLength = 0;
            }
        }
    }

    /** Two characters give one byte, three give two; a lone one gives nothing. */
    private void flushQuad() {
        if (quadLength >= 2) {
            int bits = quad << 6 * (4 - quadLength);
            decoded[length++] = (byte) (bits >> 16);
            if (quadLength == 3) {
                decoded[length++] = (byte) (bits >> 8);
            }
        }
        quad = 0;
        quadLength = 0;
    }
}
