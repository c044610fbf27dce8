package org.koppel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.koppel.crm.relation.Relation;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;

/** Loading relations by id, as a sync run does with every record it looks at. Runs on H2 and on PostgreSQL. */
abstract class RelationLoadContract {

    @Autowired RelationStore store;
    @Autowired Samples samples;

    /**
     * The run after a source system's first import reads back everything it imported: 70,000 ids are
     * more parameters than PostgreSQL takes in one statement (65,535), which failed that run and every
     * one after it.
     */
    @Test
    void anyNumberOfIdsLoadsThoseThatExistInTheOrderGiven() {
        long manager = samples.employee("loader");
        long a = samples.organisation("Laadvermogen A", manager).id();
        long b = samples.organisation("Laadvermogen B", manager).id();
        long c = samples.organisation("Laadvermogen C", manager).id();
        var ids = new ArrayList<Long>();
        ids.add(c);
        for (long missing = -70_000; missing < 0; missing++) ids.add(missing);
        ids.add(a);
        ids.add(b);

        List<Relation> loaded = store.load(ids);

        assertThat(loaded).extracting(Relation::id).containsExactly(c, a, b);
    }
}
