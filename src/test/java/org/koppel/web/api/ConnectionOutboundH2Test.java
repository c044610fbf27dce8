package org.koppel.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.security.SecretBox;
import org.koppel.store.ConnectionStore;
import org.koppel.testkit.Api;
import org.koppel.testkit.DatabaseInitializers;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.koppel.testkit.ScriptedHttpServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Koppel as installed, without the tests' loopback allowance: a CardDAV URL on this machine is
 * refused when the connection is made, with the reason, and nothing is sent there.
 */
@OnH2
@TestPropertySource(properties = DatabaseInitializers.DEFAULT_OUTBOUND + "=true")
class ConnectionOutboundH2Test {

    private static final String LOOPBACK_REASON = "address 127.0.0.1 is in a network Koppel may not reach (loopback); "
            + "an administrator can allow it with KOPPEL_OUTBOUND_ALLOW";

    @LocalServerPort int port;
    @Autowired Samples samples;
    @Autowired ConnectionStore connections;
    @Autowired SecretBox secrets;
    Employee user;
    Api asUser;

    @BeforeEach
    void setUp() {
        user = samples.employee("owner", EmployeeRole.USER);
        asUser = Api.basic(port, user.login(), Samples.password(user.login()));
    }

    private Api.Response create(String url) {
        return asUser.post("/api/v1/connections", """
                {"type": "carddav", "name": "Phone", "settings": {"url": "%s", "username": "alice"}, "secret": "pw"}"""
                .formatted(url));
    }

    @Test
    void aCardDavUrlOnLoopbackIsRefusedWithTheReasonAndNothingIsSent() {
        try (ScriptedHttpServer server = ScriptedHttpServer.start()) {
            var refused = create(server.uri("/dav/").toString());

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.reasonsFor("settings.url")).containsExactly(LOOPBACK_REASON);
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefusedToo() {
        var refused = create("https://localhost:8443/dav/");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.reasonsFor("settings.url")).singleElement().asString()
                .contains("is in a network Koppel may not reach (loopback)");
    }

    @Test
    void changingAConnectionsUrlToLoopbackIsRefusedToo() {
        // Made before the policy (or by an admin who since denied it): only the change is checked here.
        long id = connections.insert("carddav", "Phone", user.id(), Map.of("url", "https://dav.example.com/",
                        "username", "alice", "addressBook", "https://dav.example.com/alice/contacts/"),
                secrets.seal("pw"), Instant.EPOCH);

        var refused = asUser.put("/api/v1/connections/" + id + "/access",
                "{\"settings\": {\"url\": \"http://127.0.0.1:1/dav/\"}, \"secret\": \"pw\"}", h -> { });

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.reasonsFor("settings.url")).containsExactly(LOOPBACK_REASON);
    }

    @Test
    void theCloudMetadataAddressIsRefused() {
        var refused = create("http://169.254.169.254/latest/meta-data/");

        assertThat(refused.reasonsFor("settings.url")).containsExactly("address 169.254.169.254 is in a network Koppel "
                + "may not reach (link-local); an administrator can allow it with KOPPEL_OUTBOUND_ALLOW");
    }
}
