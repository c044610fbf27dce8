package org.koppel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The mail benchmark at a tiny size, so it keeps running as the engine and the peers change: each
 * side checks every mail was logged once under its relation and throws when one was not. Needs
 * Dovecot, as the IMAP tests do.
 */
class MailBenchSmokeTest {

    @Test
    void everyMarkedMailIsLoggedOnceFromBothPeersAndTheFloorsRead() throws Exception {
        List<MailBench.Row> rows = MailBench.run(new MailBench.Options(320, 7, Duration.ZERO, 20, Path.of("unused")));

        assertThat(rows).extracting(MailBench.Row::mails).containsExactly(320, 320, 320, 20);
        assertThat(rows.get(0).runs()).as("150 per run, then a run that finds nothing").isEqualTo(4);
        assertThat(rows.get(0).requestsPerMail()).as("one FETCH a mail and a few commands a run").isLessThan(1.2);
        assertThat(rows.get(2).requestsPerMail()).as("one $value a mail, categories 20 to a batch").isLessThan(1.6);
        assertThat(rows.get(3).requestsPerMail()).isGreaterThanOrEqualTo(2.0);
    }
}
