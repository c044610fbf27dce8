package org.koppel.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.Callable;

import org.koppel.testkit.source.SourceServer;

/**
 * One timed step of the source benchmark.
 *
 * @param requests          HTTP requests the source server received during the step
 * @param threadCpuSeconds  CPU time of the thread that ran the step (the sync run, or the floor's loader):
 *                          Koppel's own work, with the H2 database it runs inside it, not the source server's
 * @param processCpuSeconds CPU time of the whole JVM: also the source server and the HTTP client's threads
 */
record SourceMeasured<T>(double seconds, long requests, double threadCpuSeconds, double processCpuSeconds, T value) {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static <T> SourceMeasured<T> time(SourceServer source, Callable<T> step) {
        long requests = source.requests();
        long process = processCpu();
        long thread = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        T value;
        try {
            value = step.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new SourceMeasured<>(seconds, source.requests() - requests, (THREADS.getCurrentThreadCpuTime() - thread) / 1e9,
                (processCpu() - process) / 1e9, value);
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
