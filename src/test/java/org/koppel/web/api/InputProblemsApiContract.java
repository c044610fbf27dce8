package org.koppel.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.store.ChangeLogStore;
import org.koppel.testkit.Api;
import org.koppel.testkit.Samples;
import org.koppel.testkit.TestUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A refused body lists every problem at once, the unreadable values (wrong type, impossible value,
 * unknown field) together with the rest, for every resource, not only relations (RelationApiContract).
 */
abstract class InputProblemsApiContract {

    @LocalServerPort int port;
    @Autowired Samples samples;
    @Autowired ChangeLogStore changeLog;
    Api admin;

    @BeforeEach
    void setUp() {
        admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
    }

    @Test
    void aGroupBodyIsRefusedWithEveryProblem() {
        long before = changeLog.lastSeq();
        var response = admin.post("/api/v1/groups", """
                {"name": "", "mainGroup": "Outlook", "ownerId": "abc", "public": "maybe", "memberIds": [987654, 987654], "size": 3}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.reasonsFor("name")).containsExactly("is required");
        assertThat(response.reasonsFor("ownerId")).singleElement().asString().contains("'abc' is not a valid number");
        assertThat(response.reasonsFor("public")).singleElement().asString().contains("'maybe' is not a valid boolean");
        assertThat(response.reasonsFor("memberIds[1]")).as("positions as sent").singleElement().asString().contains("does not exist");
        assertThat(response.reasonsFor("size")).containsExactly("is not a known field");
        assertThat(changeLog.lastSeq()).isEqualTo(before);
    }

    @Test
    void anEmployeeBodyIsRefusedWithEveryProblem() {
        var response = admin.post("/api/v1/employees", """
                {"login": "x", "displayName": "X", "role": "boss", "emails": ["nope", {"a": 1}], "active": "perhaps"}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.reasonsFor("login")).isNotEmpty();
        assertThat(response.reasonsFor("role")).singleElement().asString().contains("'boss' is not a valid value");
        assertThat(response.reasonsFor("emails[0]")).singleElement().asString().contains("is not an e-mail address");
        assertThat(response.reasonsFor("emails[1]")).containsExactly("must be text");
        assertThat(response.reasonsFor("active")).singleElement().asString().contains("is not a valid boolean");
    }

    @Test
    void userGroupAndCustomFieldBodiesAreRefusedWithEveryProblem() {
        var group = admin.post("/api/v1/user-groups", "{\"name\": \"\", \"memberIds\": [\"one\", 987654]}");
        assertThat(group.status()).isEqualTo(400);
        assertThat(group.reasonsFor("name")).containsExactly("is required");
        assertThat(group.reasonsFor("memberIds[0]")).singleElement().asString().contains("is not a valid number");
        assertThat(group.reasonsFor("memberIds[1]")).singleElement().asString().contains("does not exist");

        var field = admin.post("/api/v1/custom-fields", """
                {"recordType": "planet", "key": "1x", "label": "", "type": "pickList", "options": []}""");
        assertThat(field.status()).isEqualTo(400);
        assertThat(field.reasonsFor("recordType")).singleElement().asString().contains("is not a valid value");
        assertThat(field.reasonsFor("key")).singleElement().asString().contains("must start with a letter");
        assertThat(field.reasonsFor("label")).containsExactly("is required");
        assertThat(field.reasonsFor("options")).containsExactly("a pick list needs at least one option");
    }

    @Test
    void theOpenApiDocumentStillShowsTheFieldsOfBodiesReadLeniently() {
        var paths = Api.anonymous(port).get("/v3/api-docs").body().get("paths");

        assertThat(bodySchema(paths, "/api/v1/persons", "post").get("properties").has("lastName")).isTrue();
        assertThat(bodySchema(paths, "/api/v1/organisations/{id}", "put").get("properties").has("cocNumber")).isTrue();
        assertThat(bodySchema(paths, "/api/v1/groups", "post").get("properties").has("memberIds")).isTrue();
        assertThat(bodySchema(paths, "/api/v1/employees", "post").get("properties").has("password")).isTrue();
    }

    private static tools.jackson.databind.JsonNode bodySchema(tools.jackson.databind.JsonNode paths, String path, String method) {
        return paths.get(path).get(method).get("requestBody").get("content").get("application/json").get("schema");
    }
}
