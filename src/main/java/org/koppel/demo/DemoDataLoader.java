package org.koppel.demo;

import java.util.stream.Collectors;

import org.koppel.crm.employee.Employee;
import org.koppel.store.RelationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * With {@code koppel.demo=true} ({@code ./koppel serve --demo}), fills a database that holds no
 * relations yet with a sample to look around in. Runs after AdminBootstrap (order 0), and never
 * touches a database that already has relations, so restarting a demo keeps its edits.
 */
@Component
@Order(10)
@ConditionalOnProperty(name = "koppel.demo", havingValue = "true")
class DemoDataLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);

    private final RelationStore relations;
    private final DemoData demoData;
    private final TransactionTemplate transaction;

    DemoDataLoader(RelationStore relations, DemoData demoData, PlatformTransactionManager transactions) {
        this.relations = relations;
        this.demoData = demoData;
        this.transaction = new TransactionTemplate(transactions);
    }

    @Override
    public void run(ApplicationArguments args) {
        long existing = relations.count();
        if (existing > 0) {
            log.info("Demo data skipped: the database already holds {} relations", existing);
            return;
        }
        // One transaction: a sample that fails half-way leaves nothing behind, so the next start tries again.
        DemoData.Loaded loaded = transaction.execute(status -> demoData.write());
        log.info("Demo data loaded: {} organisations, {} persons, {} leads, {} groups, {} appointments, {} tasks, {} logged mails",
                loaded.organisations().size(), loaded.persons().size(), loaded.leads().size(), loaded.groups().size(),
                loaded.appointments(), loaded.tasks(), loaded.mails());
        log.info("Demo sign-ins, each with password '{}' unless changed since: {}", DemoEmployees.PASSWORD,
                loaded.employees().stream().map(DemoDataLoader::signIn).collect(Collectors.joining(", ")));
    }

    private static String signIn(Employee employee) {
        return employee.login() + " (" + employee.displayName() + ")";
    }
}
