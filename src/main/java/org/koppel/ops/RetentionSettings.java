package org.koppel.ops;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long run history and the change log are kept (koppel.retention.*, see README and
 * docs/operations.md).
 *
 * @param every       time from one pruning to the next (one node at a time)
 * @param runDays     runs younger than this are kept; 0 keeps every run
 * @param quietRunHours runs that found nothing to do are kept this long (0: as long as other runs)
 * @param keepRuns    the last this many runs of each connection are kept whatever their age (the
 *                    connection page shows 20), and its latest failure too
 * @param historyDays change-log entries (a relation's history) younger than this are kept; 0 keeps them
 *                    forever. Entries a sync still needs are kept whatever their age.
 * @param batch       rows deleted per transaction
 */
@ConfigurationProperties("koppel.retention")
public record RetentionSettings(@DefaultValue("PT1H") Duration every, @DefaultValue("7") int runDays,
                               @DefaultValue("20") int keepRuns, @DefaultValue("400") int historyDays,
                               @DefaultValue("500") int batch, @DefaultValue("24") int quietRunHours) {

    public RetentionSettings {
        if (runDays < 0 || historyDays < 0 || quietRunHours < 0) throw new IllegalArgumentException("koppel.retention days and hours must be 0 or more");
        if (keepRuns < 1) throw new IllegalArgumentException("koppel.retention.keep-runs must be 1 or more");
        if (batch < 1) throw new IllegalArgumentException("koppel.retention.batch must be 1 or more");
    }
}
