package org.koppel.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.store.ChangeLogStore;
import org.koppel.testkit.Api;
import org.koppel.testkit.Samples;
import org.koppel.testkit.TestUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Who may do what, and how they prove who they are. Runs on H2 and on PostgreSQL through its subclasses. */
abstract class AccessApiContract {

    @LocalServerPort int port;
    @Autowired Samples samples;
    @Autowired ChangeLogStore changeLog;
    @Autowired JdbcClient jdbc;
    Api admin;
    Employee user;
    Api asUser;

    @BeforeEach
    void setUp() {
        admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        user = samples.employee("user", EmployeeRole.USER);
        asUser = signedIn(user);
    }

    private Api signedIn(Employee employee) {
        return Api.basic(port, employee.login(), Samples.password(employee.login()));
    }

    private long personManagedByUser(String lastName) {
        return admin.post("/api/v1/persons", "{\"lastName\": \"%s\", \"managerId\": %d}".formatted(lastName, user.id())).id();
    }

    /** A group under the main group Outlook, as the API takes it. */
    private static String group(String name, long ownerId, boolean isPublic, Long... memberIds) {
        return "{\"name\": \"%s\", \"mainGroup\": \"Outlook\", \"ownerId\": %d, \"public\": %s, \"memberIds\": %s}"
                .formatted(name, ownerId, isPublic, java.util.Arrays.toString(memberIds));
    }

    @Test
    void theApiNeedsCredentialsButHealthAndTheOpenApiDocumentDoNot() {
        var anonymous = Api.anonymous(port).get("/api/v1/persons");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.headers().getFirst("WWW-Authenticate")).contains("Basic", "Bearer");
        assertThat(Api.basic(port, TestUsers.ADMIN, "wrong-password").get("/api/v1/persons").status()).isEqualTo(401);

        var health = Api.anonymous(port).get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asString()).isEqualTo("UP");
        var openApi = Api.anonymous(port).get("/v3/api-docs");
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.body().get("paths").has("/api/v1/persons")).isTrue();
        assertThat(openApi.body().get("paths").has("/api/v1/changes")).isTrue();
    }

    @Test
    void aPersonalApiTokenActsForItsEmployeeUntilRevoked() {
        var issued = asUser.post("/api/v1/me/tokens", "{\"name\": \"laptop script\"}");
        assertThat(issued.status()).isEqualTo(201);
        String secret = issued.body().get("token").asString();
        assertThat(secret).startsWith("kp_");
        var byToken = Api.bearer(port, secret);

        assertThat(byToken.get("/api/v1/me").body().get("login").asString()).isEqualTo(user.login());
        long before = changeLog.lastSeq();
        var created = byToken.post("/api/v1/persons", "{\"lastName\": \"Token\", \"managerId\": %d}".formatted(user.id()));
        assertThat(created.status()).isEqualTo(201);
        assertThat(changeLog.after(before, 5)).singleElement().satisfies(c ->
                assertThat(c.origin()).isEqualTo(Origin.apiToken(issued.body().get("id").asLong(), user.id())));

        var listed = asUser.get("/api/v1/me/tokens");
        assertThat(listed.body().toString()).doesNotContain(secret).contains("laptop script");
        assertThat(jdbc.sql("SELECT token_hash FROM api_token").query(String.class).list())
                .as("only a hash is stored").doesNotContain(secret).allSatisfy(h -> assertThat(h).hasSize(64));

        assertThat(asUser.delete("/api/v1/me/tokens/" + issued.body().get("id").asLong()).status()).isEqualTo(204);
        assertThat(byToken.get("/api/v1/me").status()).isEqualTo(401);
        assertThat(Api.bearer(port, "kp_made-up").get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void onlyAdminsChangeEmployeesAndCustomFields() {
        assertThat(asUser.get("/api/v1/employees").status()).isEqualTo(200);
        assertThat(asUser.post("/api/v1/employees", "{\"login\": \"sneaky\", \"displayName\": \"S\", \"role\": \"admin\"}")
                .status()).isEqualTo(403);
        assertThat(asUser.post("/api/v1/custom-fields",
                "{\"recordType\": \"person\", \"key\": \"x\", \"label\": \"X\", \"type\": \"text\"}").status()).isEqualTo(403);
        assertThat(asUser.put("/api/v1/employees/" + user.id() + "/password", "{\"password\": \"0123456789abc\"}", h -> { })
                .status()).isEqualTo(403);

        var created = admin.post("/api/v1/employees", """
                {"login": "Nieuw", "displayName": "Nieuwe Collega", "emails": ["nieuw@koppel.test", "N.Collega@koppel.test"],
                 "role": "user", "password": "a-long-password"}""");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("login").asString()).isEqualTo("nieuw");
        assertThat(created.body().has("password")).isFalse();
        assertThat(created.body().toString()).doesNotContain("a-long-password");
        assertThat(Api.basic(port, "nieuw", "a-long-password").get("/api/v1/me").status()).isEqualTo(200);
    }

    @Test
    void aPasswordSetByAnAdminOnlyLetsTheEmployeeChooseANewOne() {
        assertThat(admin.put("/api/v1/employees/" + user.id() + "/password", "{\"password\": \"handed-out-1234\"}", h -> { })
                .status()).isEqualTo(204);
        var oneTime = Api.basic(port, user.login(), "handed-out-1234");

        assertThat(oneTime.get("/api/v1/me").status()).isEqualTo(200);
        var refused = oneTime.get("/api/v1/persons");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().get("detail").asString()).contains("PUT /api/v1/me/password");
        assertThat(oneTime.put("/api/v1/me/password", "{\"currentPassword\": \"wrong-one-1234\", \"newPassword\": \"my-own-secret-42\"}",
                h -> { }).reasonsFor("currentPassword")).containsExactly("is not your current password");

        assertThat(oneTime.put("/api/v1/me/password", "{\"currentPassword\": \"handed-out-1234\", \"newPassword\": \"my-own-secret-42\"}",
                h -> { }).status()).isEqualTo(204);
        assertThat(Api.basic(port, user.login(), "my-own-secret-42").get("/api/v1/persons").status()).isEqualTo(200);
        assertThat(oneTime.get("/api/v1/me").status()).as("the old password is gone").isEqualTo(401);
    }

    @Test
    void employeeInputIsChecked() {
        var bad = admin.post("/api/v1/employees", "{\"login\": \"x y\", \"emails\": [\"nope\"], \"role\": \"boss\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.reasonsFor("role")).isNotEmpty();
        var missing = admin.post("/api/v1/employees", "{\"login\": \"x y\", \"emails\": [\"nope\"], \"password\": \"short\"}");
        assertThat(missing.reasonsFor("login")).isNotEmpty();
        assertThat(missing.reasonsFor("displayName")).containsExactly("is required");
        assertThat(missing.reasonsFor("emails[0]")).isNotEmpty();
        assertThat(missing.reasonsFor("password")).singleElement().asString().contains("at least 10");

        assertThat(admin.post("/api/v1/employees", "{\"login\": \"%s\", \"displayName\": \"Dup\", \"role\": \"user\"}"
                .formatted(user.login())).status()).isEqualTo(409);
        var takenEmail = admin.post("/api/v1/employees", "{\"login\": \"other\", \"displayName\": \"O\", \"role\": \"user\", \"emails\": [\"%s\"]}"
                .formatted(user.emails().getFirst()));
        assertThat(takenEmail.reasonsFor("emails[0]")).singleElement().asString().contains("already an address");
    }

    @Test
    void aRelationManagerIsNotDeactivatedAndADeactivatedEmployeeCannotSignIn() {
        long person = personManagedByUser("Beheerd");
        String deactivate = "{\"login\": \"%s\", \"displayName\": \"User\", \"role\": \"user\", \"active\": false}"
                .formatted(user.login());

        var refused = admin.put("/api/v1/employees/" + user.id(), deactivate, h -> { });
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("detail").asString()).contains("relation manager of 1 relations");

        admin.patch("/api/v1/persons/" + person, "{\"managerId\": %d}".formatted(admin.get("/api/v1/me").id()), h -> { });
        assertThat(admin.put("/api/v1/employees/" + user.id(), deactivate, h -> { }).status()).isEqualTo(200);
        assertThat(asUser.get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void theLastActiveAdminCannotBeDemoted() {
        var me = admin.get("/api/v1/me").body();
        var demote = admin.put("/api/v1/employees/" + me.get("id").asLong(),
                "{\"login\": \"admin\", \"displayName\": \"Administrator\", \"role\": \"user\", \"active\": true}", h -> { });
        assertThat(demote.status()).isEqualTo(409);
        assertThat(demote.body().get("detail").asString()).contains("last active admin");
    }

    @Test
    void customFieldValuesAreCheckedAgainstTheirDefinition() {
        var field = admin.post("/api/v1/custom-fields", """
                {"recordType": "organisation", "key": "segment", "label": "Segment", "type": "pickList",
                 "options": ["SMB", "Enterprise", "Public"]}""");
        assertThat(field.status()).isEqualTo(201);
        var revenue = admin.post("/api/v1/custom-fields",
                "{\"recordType\": \"organisation\", \"key\": \"revenue\", \"label\": \"Revenue\", \"type\": \"number\"}");
        assertThat(revenue.status()).isEqualTo(201);

        var org = admin.post("/api/v1/organisations", """
                {"name": "Gemeente Utrecht", "managerId": %d, "customFields": {"segment": "Public", "revenue": 1500000.50}}
                """.formatted(user.id()));
        assertThat(org.status()).isEqualTo(201);
        assertThat(org.body().get("customFields").get("segment").asString()).isEqualTo("Public");
        assertThat(org.body().get("customFields").get("revenue").decimalValue()).isEqualByComparingTo("1500000.50");

        var wrong = admin.post("/api/v1/organisations", """
                {"name": "X", "managerId": %d, "customFields": {"segment": "Huge", "revenue": "lots", "colour": "red"}}
                """.formatted(user.id()));
        assertThat(wrong.reasonsFor("customFields.segment")).singleElement().asString().contains("one of [SMB, Enterprise, Public]");
        assertThat(wrong.reasonsFor("customFields.revenue")).containsExactly("must be a number");
        assertThat(wrong.reasonsFor("customFields.colour")).singleElement().asString().contains("is not a custom field");

        long fieldId = field.id();
        var dropUsedOption = admin.put("/api/v1/custom-fields/" + fieldId, """
                {"recordType": "organisation", "key": "segment", "label": "Segment", "type": "pickList", "options": ["SMB"]}""",
                h -> { });
        assertThat(dropUsedOption.status()).isEqualTo(409);
        assertThat(admin.delete("/api/v1/custom-fields/" + fieldId).status()).isEqualTo(409);
        assertThat(admin.delete("/api/v1/custom-fields/" + fieldId + "?force=true").status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/organisations/" + org.id()).body().get("customFields").has("segment")).isFalse();
    }

    @Test
    void groupsHoldExistingRelationsUnderAMainGroup() {
        long person = personManagedByUser("Lid");

        var group = asUser.post("/api/v1/groups", group("Sales 1", user.id(), true, person));
        assertThat(group.status()).isEqualTo(201);
        assertThat(group.body().get("public").asBoolean()).isTrue();
        assertThat(admin.get("/api/v1/persons?group=" + group.id()).body().get("total").asLong()).isEqualTo(1);

        assertThat(asUser.post("/api/v1/groups", group("Sales 1", user.id(), true, person)).status()).isEqualTo(409);
        assertThat(asUser.post("/api/v1/groups", group("Sales 2", user.id(), true, 999_999L)).reasonsFor("memberIds[0]"))
                .singleElement().asString().contains("does not exist");
    }

    @Test
    void anApiTokenOfADeactivatedEmployeeIsRefused() {
        String secret = asUser.post("/api/v1/me/tokens", "{\"name\": \"script\"}").body().get("token").asString();
        var byToken = Api.bearer(port, secret);
        assertThat(byToken.get("/api/v1/me").status()).isEqualTo(200);

        var deactivated = admin.put("/api/v1/employees/" + user.id(), """
                {"login": "%s", "displayName": "User", "role": "user", "active": false}""".formatted(user.login()), h -> { });
        assertThat(deactivated.status()).isEqualTo(200);

        assertThat(byToken.get("/api/v1/me").status()).isEqualTo(401);
        assertThat(byToken.post("/api/v1/persons", "{\"lastName\": \"Late\", \"managerId\": %d}".formatted(user.id()))
                .status()).isEqualTo(401);
    }

    @Test
    void aDemotedAdminCannotGiveHimselfTheAdminRoleBack() {
        Employee boss = samples.employee("boss", EmployeeRole.ADMIN);
        var asBoss = signedIn(boss);
        String asRole = "{\"login\": \"%s\", \"displayName\": \"Boss\", \"role\": \"%s\", \"active\": true}";
        assertThat(asBoss.get("/api/v1/employees/" + boss.id()).status()).isEqualTo(200);

        assertThat(admin.put("/api/v1/employees/" + boss.id(), asRole.formatted(boss.login(), "user"), h -> { }).status())
                .isEqualTo(200);
        var takeBack = asBoss.put("/api/v1/employees/" + boss.id(), asRole.formatted(boss.login(), "admin"), h -> { });

        assertThat(takeBack.status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/employees/" + boss.id()).body().get("role").asString()).isEqualTo("user");
    }

    @Test
    void anApiTokenCannotMintTokensNorChangeThePassword() {
        String secret = asUser.post("/api/v1/me/tokens", "{\"name\": \"leaky\"}").body().get("token").asString();
        var byToken = Api.bearer(port, secret);

        var mint = byToken.post("/api/v1/me/tokens", "{\"name\": \"second\"}");
        assertThat(mint.status()).isEqualTo(403);
        assertThat(mint.body().get("detail").asString()).contains("An API token cannot create API tokens");
        assertThat(asUser.get("/api/v1/me/tokens").body()).hasSize(1);

        var password = byToken.put("/api/v1/me/password", """
                {"currentPassword": "%s", "newPassword": "taken-over-12345"}""".formatted(Samples.password(user.login())),
                h -> { });
        assertThat(password.status()).isEqualTo(403);
        assertThat(password.body().get("detail").asString()).contains("An API token cannot change the password");
        assertThat(asUser.get("/api/v1/me").status()).as("the password is unchanged").isEqualTo(200);
    }

    @Test
    void aPrivateGroupIsChangedAndDeletedOnlyByItsOwnerOrAnAdmin() {
        Employee other = samples.employee("other", EmployeeRole.USER);
        var asOther = signedIn(other);
        long person = personManagedByUser("Klant");
        String name = "Mine " + user.id();
        var group = asUser.post("/api/v1/groups", group(name, user.id(), false, person));
        assertThat(group.status()).isEqualTo(201);
        String path = "/api/v1/groups/" + group.id();

        var emptied = asOther.put(path, group(name, user.id(), false), h -> h.setIfMatch("\"1\""));
        var takenOver = asOther.put(path, group(name, other.id(), false, person), h -> h.setIfMatch("\"1\""));
        var deleted = asOther.delete(path);

        for (var refused : java.util.List.of(emptied, takenOver, deleted)) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.headers().getContentType()).hasToString("application/problem+json");
            assertThat(refused.body().get("detail").asString()).contains("only its owner", "or an admin");
        }
        var stored = admin.get(path).body();
        assertThat(stored.get("ownerId").asLong()).isEqualTo(user.id());
        assertThat(stored.get("memberIds")).hasSize(1);
        assertThat(stored.get("version").asLong()).isEqualTo(1);

        assertThat(asUser.put(path, group(name, user.id(), false), h -> h.setIfMatch("\"1\"")).status())
                .as("its owner").isEqualTo(200);
        assertThat(admin.put(path, group(name, other.id(), false), h -> h.setIfMatch("\"2\"")).status())
                .as("an admin").isEqualTo(200);
        assertThat(asUser.delete(path).status()).as("no longer its owner").isEqualTo(403);
        assertThat(asOther.delete(path).status()).as("its new owner").isEqualTo(204);
    }

    @Test
    void aPublicGroupsMembersAreAnybodysButItsNameOwnerAndFlagAreNot() {
        Employee other = samples.employee("other", EmployeeRole.USER);
        var asOther = signedIn(other);
        long person = personManagedByUser("Lid");
        String name = "Shared " + user.id();
        var group = asUser.post("/api/v1/groups", group(name, user.id(), true));
        String path = "/api/v1/groups/" + group.id();

        var joined = asOther.put(path, group(name, user.id(), true, person), h -> h.setIfMatch("\"1\""));
        assertThat(joined.status()).isEqualTo(200);
        assertThat(joined.body().get("memberIds")).hasSize(1);

        var renamedAndTaken = asOther.put(path, group("Mine now", other.id(), false, person), h -> h.setIfMatch("\"2\""));
        assertThat(renamedAndTaken.status()).isEqualTo(403);
        assertThat(renamedAndTaken.body().get("detail").asString())
                .contains("only its owner", "may change name, ownerId, public");
        assertThat(asOther.delete(path).status()).isEqualTo(403);
        assertThat(admin.get(path).body().get("name").asString()).isEqualTo(name);
    }

    @Test
    void onlyAnAdminCreatesAGroupOwnedBySomeoneElse() {
        Employee other = samples.employee("other", EmployeeRole.USER);
        String body = group("For " + other.id(), other.id(), false);

        var refused = asUser.post("/api/v1/groups", body);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().get("detail").asString()).contains("Only an admin can create a group owned by someone else");
        assertThat(admin.post("/api/v1/groups", body).status()).isEqualTo(201);
    }

    /** As creating one for someone else: the group would fill that employee's address book. */
    @Test
    void onlyAnAdminGivesAGroupToSomeoneElse() {
        Employee other = samples.employee("other", EmployeeRole.USER);
        long person = personManagedByUser("Gift");
        String name = "Given " + user.id();
        String path = "/api/v1/groups/" + asUser.post("/api/v1/groups", group(name, user.id(), false, person)).id();

        var given = asUser.put(path, group(name, other.id(), false, person), h -> h.setIfMatch("\"1\""));

        assertThat(given.status()).isEqualTo(403);
        assertThat(given.body().get("detail").asString()).contains("Only an admin can give a group to someone else");
        assertThat(admin.get(path).body().get("ownerId").asLong()).isEqualTo(user.id());
        assertThat(admin.put(path, group(name, other.id(), false, person), h -> h.setIfMatch("\"1\"")).status())
                .isEqualTo(200);
    }

    @Test
    void wrongPasswordsForOneLoginAreThrottledWith429AndRetryAfter() {
        String address = testNetAddress();
        Api wrong = Api.basic(port, user.login(), "not-my-password");
        for (int i = 0; i < 5; i++) {
            assertThat(from(address, wrong, "/api/v1/me").status()).as("failure %d", i + 1).isEqualTo(401);
        }

        var throttled = from(testNetAddress(), asUser, "/api/v1/me");

        assertThat(throttled.status()).as("even the right password, from another address").isEqualTo(429);
        assertThat(Long.parseLong(throttled.headers().getFirst("Retry-After"))).isBetween(1L, 60L);
        assertThat(throttled.headers().getContentType()).hasToString("application/problem+json");
        assertThat(throttled.body().get("detail").asString()).contains("Too many failed sign-ins");
        assertThat(admin.get("/api/v1/me").status()).as("other logins go on").isEqualTo(200);
    }

    @Test
    void aRightPasswordClearsTheFailuresOfItsLogin() {
        String address = testNetAddress();
        Api wrong = Api.basic(port, user.login(), "not-my-password");
        for (int i = 0; i < 4; i++) from(address, wrong, "/api/v1/me");
        assertThat(from(address, asUser, "/api/v1/me").status()).isEqualTo(200);
        for (int i = 0; i < 4; i++) from(address, wrong, "/api/v1/me");

        assertThat(from(address, asUser, "/api/v1/me").status()).isEqualTo(200);
    }

    @Test
    void manyFailuresFromOneAddressThrottleThatAddress() {
        String address = testNetAddress();
        for (int i = 0; i < 20; i++) {
            assertThat(from(address, Api.basic(port, "guess-" + i + "-" + user.login(), "guess"), "/api/v1/me").status())
                    .isEqualTo(401);
        }

        assertThat(from(address, asUser, "/api/v1/me").status()).isEqualTo(429);
        assertThat(from(testNetAddress(), asUser, "/api/v1/me").status()).as("from elsewhere").isEqualTo(200);
    }

    @Test
    void behindAnHttpsProxyLinksSayHttps() {
        var created = asUser.send(org.springframework.http.HttpMethod.POST, "/api/v1/persons",
                "{\"lastName\": \"Proxied\", \"managerId\": %d}".formatted(user.id()),
                h -> h.set("X-Forwarded-Proto", "https"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.headers().getLocation()).hasScheme("https");
        assertThat(asUser.post("/api/v1/persons", "{\"lastName\": \"Direct\", \"managerId\": %d}".formatted(user.id()))
                .headers().getLocation()).as("without the proxy's header").hasScheme("http");
    }

    /** The client address as a trusted proxy on loopback reports it (Tomcat's RemoteIpValve). */
    private static Api.Response from(String address, Api api, String path) {
        return api.send(org.springframework.http.HttpMethod.GET, path, null, h -> h.set("X-Forwarded-For", address));
    }

    private static final java.util.concurrent.atomic.AtomicInteger ADDRESSES = new java.util.concurrent.atomic.AtomicInteger();

    /** A fresh address per use (TEST-NET-2), so failures counted for one test never throttle another. */
    private static String testNetAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "198.18." + (n / 250) + "." + (n % 250 + 1);
    }
}
