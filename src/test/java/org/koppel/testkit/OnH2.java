package org.koppel.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/** A Spring Boot test on a fresh in-memory H2 database, as Koppel runs by default. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"koppel.admin-password=" + TestUsers.ADMIN_PASSWORD, "koppel.secret-key=" + TestUsers.SECRET_KEY,
                // tests start runs themselves, so no background run competes for a connection
                "koppel.sync.scheduler=false",
                // tests beat runs' hearts themselves (RunHeartbeat#beat); a node id, so no file is written
                "koppel.sync.heartbeat-interval=PT1H", "koppel.node-id=test-node"})
@ContextConfiguration(initializers = DatabaseInitializers.H2.class)
public @interface OnH2 {
}
