package org.koppel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.koppel.runtime.Connection;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Koppel keeps working after its pool has replaced every connection it had while migrating, as
 * Hikari does after 30 minutes. H2 evaluates a CHECK constraint with the session that created it;
 * had the migrations run on a pooled connection, every write checked by one would fail from then
 * on ("Check constraint invalid ... The database has been closed").
 */
@OnH2
class H2MigrationsTest {

    @Autowired DataSource dataSource;
    @Autowired JdbcClient jdbc;
    @Autowired ConnectionStore connections;
    @Autowired Samples samples;

    @Test
    void writesCheckedByConstraintsWorkAfterThePoolReplacedAllItsConnections() throws InterruptedException {
        Set<Long> before = sessions();
        ((HikariDataSource) dataSource).getHikariPoolMXBean().softEvictConnections();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        // The pool's old sessions close in the background; only the migrations' own one may stay.
        while (stillOpen(before).size() > 1 && Instant.now().isBefore(deadline)) Thread.sleep(50);
        assertThat(stillOpen(before)).as("the pool replaced its connections").hasSizeLessThanOrEqualTo(1);

        long id = connections.insert("memory", "after eviction", samples.employee("evicted"), Map.of(), null, Instant.now());
        connections.setStatus(id, Connection.Status.PAUSED, "paused after the pool was renewed", Instant.now());

        assertThat(connections.find(id).orElseThrow().status()).isEqualTo(Connection.Status.PAUSED);
    }

    private Set<Long> sessions() {
        return new HashSet<>(jdbc.sql("SELECT session_id FROM information_schema.sessions").query(Long.class).list());
    }

    private List<Long> stillOpen(Set<Long> before) {
        return sessions().stream().filter(before::contains).toList();
    }
}
