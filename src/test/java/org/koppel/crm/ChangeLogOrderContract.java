package org.koppel.crm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.koppel.crm.relation.Relations;
import org.koppel.store.ChangeLogStore;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A reader polling "entries after N" must never skip an entry that commits after it polled
 * with a number at or below N. Writers here keep their transactions open for a random while
 * after writing, so commits land out of step with the order the writes began in.
 */
abstract class ChangeLogOrderContract {

    private static final int WRITERS = 6;
    private static final int WRITES_EACH = 25;

    @Autowired Relations relations;
    @Autowired ChangeLogStore changeLog;
    @Autowired Samples samples;
    @Autowired TransactionTemplate transactions;

    @Test
    void aPollingReaderMissesNoEntryWhileWritersCommitConcurrently() throws Exception {
        long manager = samples.employee("writer");
        long start = changeLog.lastSeq();
        var seen = new ArrayList<Long>();
        var written = new ConcurrentLinkedQueue<Long>();
        var writing = new AtomicBoolean(true);
        var go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);

        Future<?> reader = pool.submit(() -> {
            long after = start;
            go.await();
            while (true) {
                boolean last = !writing.get();
                List<Change> page = changeLog.after(after, 7);
                for (Change c : page) {
                    seen.add(c.seq());
                    after = c.seq();
                }
                if (last && page.isEmpty()) return null;
            }
        });
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < WRITES_EACH; i++) {
                    int n = i;
                    transactions.executeWithoutResult(tx -> {
                        relations.create(Samples.person("W" + writer, null, "Write " + n, manager, List.of()),
                                Origin.user(manager));
                        pause(ThreadLocalRandom.current().nextInt(3));
                    });
                    written.add(1L);
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : writers) f.get(2, TimeUnit.MINUTES);
        writing.set(false);
        reader.get(2, TimeUnit.MINUTES);
        pool.shutdown();

        List<Long> committed = changeLog.after(start, 10_000).stream().map(Change::seq).toList();
        assertThat(written).hasSize(WRITERS * WRITES_EACH);
        assertThat(committed).hasSize(WRITERS * WRITES_EACH);
        assertThat(seen).as("every committed entry, each once, in order").containsExactlyElementsOf(committed);
        assertThat(committed).as("no gaps").isEqualTo(
                java.util.stream.LongStream.rangeClosed(start + 1, start + committed.size()).boxed().toList());
    }

    private static void pause(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
