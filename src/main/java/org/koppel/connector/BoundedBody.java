package org.koppel.connector;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A response body read within limits: at most {@code maxBytes}, no pause longer than
 * {@code idle} between two pieces, and all of it within {@code total}. HTTP clients bound only the
 * wait for the headers; a server that trickles its body a byte at a time would otherwise hold a
 * run for as long as it likes. A blocked read can't be timed out from the reading thread, so a
 * watchdog closes the stream, which wakes the read with an exception (the JDK client's body
 * stream does that); the read then reports the timeout.
 *
 * <p>Time here is the machine's monotonic clock on purpose: these are network timeouts, not
 * business time, and tests configure them short.
 */
public final class BoundedBody extends FilterInputStream {

    /** What a body may cost. */
    public record Limits(long maxBytes, Duration idle, Duration total) {
        public Limits {
            Objects.requireNonNull(idle, "idle");
            Objects.requireNonNull(total, "total");
            if (maxBytes < 1 || idle.isNegative() || idle.isZero() || total.isNegative() || total.isZero()) {
                throw new IllegalArgumentException("body limits must be positive: " + maxBytes + ", " + idle + ", " + total);
            }
        }
    }

    /** The body grew past {@link Limits#maxBytes()}. */
    public static final class TooLarge extends IOException {
        private final long limit;

        TooLarge(long limit) {
            super("the response body exceeds the limit of " + limit + " bytes");
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    /**
     * One daemon thread for all bodies. A body closed in time cancels its watch, and the cancelled
     * watch leaves the queue at once: kept until its delay ran out, every request of the last
     * {@code idle} seconds would stay reachable through it.
     */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final Limits limits;
    private final long started = System.nanoTime();
    private volatile long lastProgress = started;
    private volatile String expired;
    private volatile boolean closed;
    private long count;
    private ScheduledFuture<?> watch;

    private BoundedBody(InputStream in, Limits limits) {
        super(in);
        this.limits = limits;
        schedule(Math.min(limits.idle().toNanos(), limits.total().toNanos()));
    }

    public static BoundedBody of(InputStream in, Limits limits) {
        return new BoundedBody(Objects.requireNonNull(in, "in"), Objects.requireNonNull(limits, "limits"));
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        failIfExpired(null);
        int n;
        try {
            // One byte past the limit tells "exactly the limit" from "more".
            n = super.read(b, off, (int) Math.min(len, limits.maxBytes() + 1 - count));
        } catch (IOException e) {
            failIfExpired(e);
            throw e;
        }
        if (n > 0) {
            count += n;
            lastProgress = System.nanoTime();
            if (count > limits.maxBytes()) {
                close();
                throw new TooLarge(limits.maxBytes());
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] sink = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            closed = true;
            if (watch != null) {
                watch.cancel(false);
            }
        }
        super.close();
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        var watchdog = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "koppel-body-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.setRemoveOnCancelPolicy(true);
        return watchdog;
    }

    /** Watches waiting in the watchdog's queue (tests). */
    static int watches() {
        return WATCHDOG.getQueue().size();
    }

    private void failIfExpired(IOException cause) throws HttpTimeoutException {
        String why = expired;
        if (why != null) {
            HttpTimeoutException e = new HttpTimeoutException(why);
            if (cause != null) {
                e.initCause(cause);
            }
            throw e;
        }
    }

    private static String shown(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private synchronized void schedule(long delayNanos) {
        if (closed) {
            return;
        }
        watch = WATCHDOG.schedule(this::check, Math.max(delayNanos, 1), TimeUnit.NANOSECONDS);
    }

    private void check() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        long totalLeft = limits.total().toNanos() - (now - started);
        long idleLeft = limits.idle().toNanos() - (now - lastProgress);
        if (totalLeft <= 0 || idleLeft <= 0) {
            expired = totalLeft <= 0
                    ? "the response body took longer than " + shown(limits.total()) + " in total"
                    : "the response body stalled: nothing received for " + shown(limits.idle());
            try {
                in.close();
            } catch (IOException ignored) {
                // the reader learns of the timeout from 'expired'
            }
            return;
        }
        schedule(Math.min(totalLeft, idleLeft));
    }
}
