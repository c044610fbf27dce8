package org.koppel.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.Change;
import org.koppel.crm.Change.Operation;
import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.crm.group.Group;
import org.koppel.crm.group.GroupEditor;
import org.koppel.crm.group.Groups;
import org.koppel.crm.relation.Address;
import org.koppel.crm.relation.AddressType;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.store.ChangeLogStore;
import org.koppel.testkit.Api;
import org.koppel.testkit.Samples;
import org.koppel.testkit.TestUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/**
 * The relation list's API: sort and paging, saved filters, bulk changes, CSV import and CSV/vCard
 * export. Runs on H2 and on PostgreSQL through its subclasses; every test works under a token of its
 * own (the database is shared between test classes).
 */
abstract class RelationListApiContract {

    @LocalServerPort int port;
    @Autowired Samples samples;
    @Autowired Relations relations;
    @Autowired Employees employees;
    @Autowired Groups groups;
    @Autowired ChangeLogStore changeLog;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;
    Api admin;
    Employee user;
    Api asUser;
    String token;

    private static int sequence;

    @BeforeEach
    void setUp() {
        admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        user = samples.employee("lister", EmployeeRole.USER);
        asUser = Api.basic(port, user.login(), Samples.password(user.login()));
        token = "zq" + Long.toString(System.nanoTime(), 36) + (sequence++);
    }

    private Person person(String first, String last, String city, long manager) {
        List<Address> addresses = city == null ? List.of()
                : List.of(new Address(AddressType.PRIVATE, null, null, null, city, null, null));
        return (Person) relations.create(new Person(null, null, null, first, null, null, last + " " + token, null, null,
                null, null, null, null, List.of(), null, manager, List.of(), false, List.of(), addresses, null, Map.of(),
                null, null, null), Origin.system());
    }

    private static List<String> lastNames(JsonNode page) {
        var names = new ArrayList<String>();
        page.get("items").forEach(i -> names.add(i.get("lastName").asString().split(" ")[0]));
        return names;
    }

    // ---- sort and page -------------------------------------------------------------------

    @Test
    void listSortsByCityDescendingWithEmptyCitiesLastAndPagesWithoutRepeatsOnTies() {
        person("A", "Bakker", "Utrecht", user.id());
        person("B", "Jansen", "Amsterdam", user.id());
        person("C", "Visser", "utrecht", user.id());
        person("D", "Smit", null, user.id());
        person("E", "Mulder", "Zwolle", user.id());

        var all = asUser.get("/api/v1/relations?q=" + token + "&sort=city&dir=desc&size=10");
        assertThat(all.status()).as(all.body().toString()).isEqualTo(200);
        assertThat(lastNames(all.body())).as("Utrecht and utrecht tie, and the tie is broken by name, also descending")
                .containsExactly("Mulder", "Visser", "Bakker", "Jansen", "Smit");

        var seen = new ArrayList<String>();
        for (int page = 0; page < 3; page++) {
            seen.addAll(lastNames(asUser.get("/api/v1/relations?q=" + token + "&sort=city&dir=desc&size=2&page=" + page).body()));
        }
        assertThat(seen).as("pages of two add up to the whole list, each relation once").containsExactly(
                "Mulder", "Visser", "Bakker", "Jansen", "Smit");
        assertThat(all.body().get("total").asLong()).isEqualTo(5);
    }

    @Test
    void listSortsByNameAscendingAndDescendingAndByManagerName() {
        long zoe = samples.employee("Zoe");
        long abe = samples.employee("Abe");
        person("X", "Cees", null, zoe);
        person("Y", "Anna", null, abe);
        person("Z", "Bert", null, zoe);

        assertThat(lastNames(asUser.get("/api/v1/relations?q=" + token + "&sort=name").body()))
                .as("display names X Cees, Y Anna, Z Bert").containsExactly("Cees", "Anna", "Bert");
        assertThat(lastNames(asUser.get("/api/v1/relations?q=" + token + "&sort=name&dir=desc").body()))
                .containsExactly("Bert", "Anna", "Cees");
        assertThat(lastNames(asUser.get("/api/v1/relations?q=" + token + "&sort=manager").body()))
                .as("Abe's relation first, then Zoë's by name").containsExactly("Anna", "Cees", "Bert");
    }

    @Test
    void anUnknownSortOrFilterIsRefusedNamingTheParameter() {
        var bad = asUser.get("/api/v1/relations?sort=colour&dir=up&kind=planet");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.reasonsFor("sort")).singleElement().asString().contains("name, kind, manager, city, changed");
        assertThat(bad.reasonsFor("dir")).isNotEmpty();
        assertThat(bad.reasonsFor("kind")).isNotEmpty();
        assertThat(asUser.get("/api/v1/persons?sort=colour").reasonsFor("sort")).isNotEmpty();
    }

    // ---- saved filters -------------------------------------------------------------------

    @Test
    void savedFilterIsCreatedListedAndDeletedByItsOwnerAndItsNameIsUniquePerPerson() {
        var created = asUser.post("/api/v1/saved-filters", """
                {"name": "My Utrecht %s", "filter": {"q": "%s", "manager": %d, "sort": "city", "dir": "desc"}}"""
                .formatted(token, token, user.id()));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.body().get("href").asString()).contains("sort=city", "dir=desc", "manager=" + user.id());
        assertThat(created.body().get("filter").get("manager").asString()).isEqualTo(String.valueOf(user.id()));

        var list = asUser.get("/api/v1/saved-filters").body();
        assertThat(list.findValuesAsString("name")).contains("My Utrecht " + token);

        var again = asUser.post("/api/v1/saved-filters", "{\"name\": \"My Utrecht " + token + "\"}");
        assertThat(again.status()).isEqualTo(409);
        var sameNameOtherPerson = admin.post("/api/v1/saved-filters", "{\"name\": \"My Utrecht " + token + "\"}");
        assertThat(sameNameOtherPerson.status()).isEqualTo(201);

        assertThat(admin.get("/api/v1/saved-filters").body().findValuesAsString("name"))
                .as("not shared: the admin's list holds only the admin's own").containsOnlyOnce("My Utrecht " + token);
        assertThat(admin.delete("/api/v1/saved-filters/" + created.id()).status())
                .as("someone else's private filter is not there for anyone else").isEqualTo(404);
        assertThat(asUser.delete("/api/v1/saved-filters/" + created.id()).status()).isEqualTo(204);
        assertThat(asUser.get("/api/v1/saved-filters/" + created.id()).status()).isEqualTo(404);
    }

    @Test
    void savedFilterProblemsNameTheField() {
        var bad = asUser.post("/api/v1/saved-filters", "{\"name\": \"\", \"filter\": {\"colour\": \"red\", \"sort\": \"size\"}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.reasonsFor("filter.colour")).isNotEmpty();
        assertThat(bad.reasonsFor("filter.sort")).isNotEmpty();
        var noName = asUser.post("/api/v1/saved-filters", "{\"filter\": {}}");
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.reasonsFor("name")).isNotEmpty();

        var sharedByUser = asUser.post("/api/v1/saved-filters", "{\"name\": \"Shared " + token + "\", \"shared\": true}");
        assertThat(sharedByUser.status()).isEqualTo(422);
        assertThat(sharedByUser.reasonsFor("shared")).isNotEmpty();

        var sharedByAdmin = admin.post("/api/v1/saved-filters", "{\"name\": \"Shared " + token + "\", \"shared\": true}");
        assertThat(sharedByAdmin.status()).isEqualTo(201);
        assertThat(asUser.get("/api/v1/saved-filters").body().findValuesAsString("name")).contains("Shared " + token);
        assertThat(asUser.delete("/api/v1/saved-filters/" + sharedByAdmin.id()).status())
                .as("a shared filter is deleted by its owner or an admin only").isEqualTo(403);
    }

    // ---- bulk ----------------------------------------------------------------------------

    @Test
    void aLeaversFiftyFiveRelationsGoToAColleagueInOneStepEachWithItsHistory() {
        long leaver = samples.employee("Leaver");
        long colleague = samples.employee("Colleague");
        var ids = new ArrayList<Long>();
        for (int i = 0; i < 55; i++) ids.add(person("P" + i, "Leaving", null, leaver).id());
        long untouched = person("Q", "Other", null, colleague).id();
        long before = changeLog.lastSeq();

        var done = asUser.post("/api/v1/relations/bulk", """
                {"selection": {"filter": {"manager": %d}}, "action": "reassign-manager", "managerId": %d}"""
                .formatted(leaver, colleague));
        assertThat(done.status()).as(done.body().toString()).isEqualTo(200);
        assertThat(done.body().get("changed").asLong()).isEqualTo(55);
        assertThat(done.body().get("refused").asLong()).isZero();

        assertThat(asUser.get("/api/v1/relations?manager=" + leaver).body().get("total").asLong()).isZero();
        assertThat(asUser.get("/api/v1/relations?manager=" + colleague + "&q=" + token).body().get("total").asLong()).isEqualTo(56);
        List<Change> changes = changeLog.after(before, 1000);
        assertThat(changes).filteredOn(c -> ids.contains(c.recordId()))
                .hasSize(55).allSatisfy(c -> {
                    assertThat(c.operation()).isEqualTo(Operation.UPDATE);
                    assertThat(c.fields()).containsExactly("managerId");
                    assertThat(c.origin().employeeId()).isEqualTo(user.id());
                });
        assertThat(changes).noneMatch(c -> c.recordId() == untouched);
    }

    @Test
    void bulkRefusesDeletedRelationsOneByOneAndChangesTheRest() {
        long owner = samples.employee("Owner");
        long successor = samples.employee("Successor");
        Person a = person("A", "Keep", null, user.id());
        Person b = person("B", "Gone", null, user.id());
        relations.delete(RelationKind.PERSON, b.id(), null, Origin.system());
        relations.update(RelationKind.PERSON, a.id(), null, new Person(a.id(), a.version(), null, a.firstName(), null,
                null, a.lastName(), null, null, null, null, null, null, List.of(), null, a.managerId(), List.of(owner),
                false, List.of(), a.addresses(), null, Map.of(), null, null, null), Origin.system());

        var done = asUser.post("/api/v1/relations/bulk", """
                {"selection": {"ids": [%d, %d, 999999999]}, "action": "reassign-owner", "fromOwnerId": %d, "toOwnerId": %d}"""
                .formatted(a.id(), b.id(), owner, successor));
        assertThat(done.status()).as(done.body().toString()).isEqualTo(200);
        JsonNode results = done.body().get("results");
        assertThat(results.get(0).get("outcome").asString()).isEqualTo("CHANGED");
        assertThat(results.get(1).get("outcome").asString()).isEqualTo("REFUSED");
        assertThat(results.get(1).get("reason").asString()).contains("deleted");
        assertThat(results.get(2).get("outcome").asString()).isEqualTo("REFUSED");
        assertThat(relations.find(RelationKind.PERSON, a.id()).ownerIds()).containsExactly(successor);
    }

    @Test
    void aRelationTheWritePathRefusesIsRolledBackAloneAndTheOthersOfTheBulkChangeAreKept() {
        long colleague = samples.employee("Taker");
        Person fine = person("A", "Fine", null, user.id());
        Person stale = person("B", "Stale", null, user.id());
        // stored before today's checks: the write path refuses any change of it until someone fixes the address
        jdbc.sql("UPDATE person SET private_email = 'not an address' WHERE relation_id = ?").param(stale.id()).update();
        long before = changeLog.lastSeq();

        var done = asUser.post("/api/v1/relations/bulk", """
                {"selection": {"ids": [%d, %d]}, "action": "reassign-manager", "managerId": %d}"""
                .formatted(stale.id(), fine.id(), colleague));
        assertThat(done.status()).as(done.body().toString()).isEqualTo(200);
        JsonNode results = done.body().get("results");
        assertThat(results.get(0).get("outcome").asString()).isEqualTo("REFUSED");
        assertThat(results.get(0).get("reason").asString()).contains("privateEmail");
        assertThat(results.get(1).get("outcome").asString()).isEqualTo("CHANGED");
        assertThat(relations.find(RelationKind.PERSON, fine.id()).managerId()).isEqualTo(colleague);
        assertThat(relations.find(RelationKind.PERSON, stale.id()).managerId()).isEqualTo(user.id());
        assertThat(changeLog.after(before, 100)).extracting(Change::recordId).containsExactly(fine.id());
    }

    @Test
    void bulkProblemsNameTheFieldWithFittingStatuses() {
        Person a = person("A", "Bulk", null, user.id());
        var noAction = asUser.post("/api/v1/relations/bulk", "{\"selection\": {\"ids\": [" + a.id() + "]}}");
        assertThat(noAction.status()).isEqualTo(400);
        assertThat(noAction.reasonsFor("action")).isNotEmpty();
        var noSelection = asUser.post("/api/v1/relations/bulk", "{\"action\": \"delete\"}");
        assertThat(noSelection.reasonsFor("selection")).isNotEmpty();
        var badFilter = asUser.post("/api/v1/relations/bulk", "{\"selection\": {\"filter\": {\"hair\": \"red\"}}, \"action\": \"delete\"}");
        assertThat(badFilter.reasonsFor("selection.filter.hair")).isNotEmpty();

        Employee gone = employees.create(new Employee(null, null, "gone-" + token, "Gone", List.of(), EmployeeRole.USER,
                false, null, null, null), "password-gone-" + token, false, Origin.system());
        var inactive = asUser.post("/api/v1/relations/bulk", """
                {"selection": {"ids": [%d]}, "action": "reassign-manager", "managerId": %d}""".formatted(a.id(), gone.id()));
        assertThat(inactive.status()).isEqualTo(422);
        assertThat(inactive.reasonsFor("managerId")).singleElement().asString().contains("not active");
        assertThat(relations.find(RelationKind.PERSON, a.id()).managerId()).isEqualTo(user.id());
    }

    @Test
    void bulkGroupChangesRespectGroupRightsAndRecordEachRelation() {
        long other = samples.employee("GroupOwner");
        Group privateGroup = groups.create(new Group(null, null, "Private " + token, "Main", other, false, List.of(),
                null, null), GroupEditor.system());
        Group mine = groups.create(new Group(null, null, "Mine " + token, "Main", user.id(), false, List.of(), null, null),
                GroupEditor.system());
        Person a = person("A", "Grouped", null, user.id());
        Person b = person("B", "Grouped", null, user.id());

        var refused = asUser.post("/api/v1/relations/bulk", """
                {"selection": {"ids": [%d]}, "action": "add-to-group", "groupId": %d}""".formatted(a.id(), privateGroup.id()));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(groups.find(privateGroup.id()).memberIds()).isEmpty();

        long before = changeLog.lastSeq();
        var added = asUser.post("/api/v1/relations/bulk", """
                {"selection": {"ids": [%d, %d]}, "action": "add-to-group", "groupId": %d}""".formatted(a.id(), b.id(), mine.id()));
        assertThat(added.body().get("changed").asLong()).isEqualTo(2);
        assertThat(groups.find(mine.id()).memberIds()).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(changeLog.after(before, 100)).filteredOn(c -> c.recordType() == org.koppel.crm.RecordType.PERSON)
                .extracting(Change::fields).containsOnly(List.of("groups"));
        var flagged = asUser.post("/api/v1/relations/bulk", """
                {"selection": {"ids": [%d, %d]}, "action": "set-sync-flag"}""".formatted(a.id(), b.id()));
        assertThat(flagged.body().get("changed").asLong()).isEqualTo(2);
        assertThat(asUser.get("/api/v1/relations?flagged=true&q=" + token).body().get("total").asLong()).isEqualTo(2);
        var deleted = asUser.post("/api/v1/relations/bulk", """
                {"selection": {"ids": [%d, %d]}, "action": "delete"}""".formatted(a.id(), b.id()));
        assertThat(deleted.body().get("changed").asLong()).isEqualTo(2);
        assertThat(asUser.get("/api/v1/relations?q=" + token).body().get("total").asLong()).isZero();
    }

    // ---- import --------------------------------------------------------------------------

    private HttpResponse<String> upload(String path, byte[] body) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user.login() + ":" + Samples.password(user.login()))
                .getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + basic).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> download(String path, String language) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user.login() + ":" + Samples.password(user.login()))
                .getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + basic).header("Accept-Language", language).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode json(String text) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(text);
    }

    @Test
    void importDryRunOfAnExcelFileWithDutchHeadingsShowsEachRowsProblemsAndStoresNothing() throws Exception {
        person("Bestaande", "Klant", null, user.id());
        String existingEmail = "bestaand-" + token + "@example.nl";
        relations.create(new Person(null, null, null, "Bestaand", null, null, "Adres " + token, null, null, null,
                existingEmail, null, null, List.of(), null, user.id(), List.of(), false, List.of(), List.of(), null,
                Map.of(), null, null, null), Origin.system());
        String csv = "\uFEFFNaam;E-mail;Plaats;Land\r\n"
                + "Jan van der Berg " + token + ";jan-" + token + "@example.nl;Utrecht;Nederland\r\n"
                + "Piet " + token + ";geen-adres;Gouda;NL\r\n"
                + "Kees " + token + ";" + existingEmail.toUpperCase() + ";Delft;NL\r\n"
                + "Joke " + token + ";jan-" + token + "@example.nl;Delft;NL\r\n";

        var dry = upload("/api/v1/relations/import?kind=person", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        JsonNode report = json(dry.body());
        assertThat(report.get("dryRun").asBoolean()).isTrue();
        assertThat(report.get("mapping").get("Naam").asString()).isEqualTo("name");
        assertThat(report.get("mapping").get("E-mail").asString()).isEqualTo("email");
        assertThat(report.get("mapping").get("Plaats").asString()).isEqualTo("city");
        JsonNode rows = report.get("rows");
        assertThat(rows.get(0).get("row").asInt()).isEqualTo(2);
        assertThat(rows.get(0).get("status").asString()).isEqualTo("WOULD_CREATE");
        assertThat(rows.get(1).get("status").asString()).isEqualTo("INVALID");
        assertThat(rows.get(1).get("problems").get(0).get("field").asString()).as("named by its column").isEqualTo("E-mail");
        assertThat(rows.get(2).get("status").asString()).isEqualTo("DUPLICATE");
        assertThat(rows.get(3).get("status").asString()).isEqualTo("DUPLICATE");
        assertThat(rows.get(3).get("problems").get(0).get("reason").asString()).contains("row 2");
        assertThat(asUser.get("/api/v1/relations?q=" + token + "&kind=person").body().get("total").asLong())
                .as("the dry run stored nothing").isEqualTo(2);

        var done = upload("/api/v1/relations/import?kind=person&dryRun=false", csv.getBytes(StandardCharsets.UTF_8));
        JsonNode imported = json(done.body());
        assertThat(imported.get("rows").get(0).get("status").asString()).isEqualTo("CREATED");
        Person jan = (Person) relations.find(RelationKind.PERSON, imported.get("rows").get(0).get("relationId").asLong());
        assertThat(jan.firstName()).isEqualTo("Jan");
        assertThat(jan.infix()).isEqualTo("van der");
        assertThat(jan.addresses().getFirst().country()).isEqualTo("NL");
        assertThat(jan.managerId()).isEqualTo(user.id());
        assertThat(asUser.get("/api/v1/relations?q=" + token + "&kind=person").body().get("total").asLong())
                .as("one row imported, the invalid and duplicate ones not").isEqualTo(3);
    }

    @Test
    void importRefusesAFileOverTheRowLimitOrNotInUtf8OrWithAWrongMappingNamingTheField() throws Exception {
        var big = new StringBuilder("Name\n");
        for (int i = 0; i < 5_001; i++) big.append("x").append(i).append('\n');
        var tooMany = upload("/api/v1/relations/import?kind=person", big.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("\"field\":\"file\"", "5000");

        var latin1 = upload("/api/v1/relations/import?kind=person", "Name\nJosé\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(latin1.statusCode()).isEqualTo(400);
        assertThat(latin1.body()).contains("UTF-8");

        var wrongField = upload("/api/v1/relations/import?kind=organisation&map.Name=lastName",
                "Name\nAcme\n".getBytes(StandardCharsets.UTF_8));
        assertThat(wrongField.statusCode()).isEqualTo(400);
        assertThat(wrongField.body()).contains("\"field\":\"mapping.Name\"");
        var noKind = upload("/api/v1/relations/import", "Name\nAcme\n".getBytes(StandardCharsets.UTF_8));
        assertThat(noKind.body()).contains("\"field\":\"kind\"");
    }

    // ---- export --------------------------------------------------------------------------

    @Test
    void csvExportWritesEveryMatchingRelationInTheListsOrderForExcel() throws Exception {
        person("A", "Zeeman", "Amsterdam", user.id());
        person("B", "=cmd", "Breda", user.id());
        person("C", "Aarts", "Breda", user.id());

        var nl = download("/api/v1/relations/export.csv?q=" + token + "&sort=city&dir=desc", "nl");
        assertThat(nl.statusCode()).isEqualTo(200);
        String text = new String(nl.body(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFid;kind;name;");
        List<String> lines = text.lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).contains("C Aarts", "Breda");
        assertThat(lines.get(2)).as("a cell Excel would run as a formula is defused").contains(";'=cmd ");
        assertThat(lines.get(3)).contains("A Zeeman", "Amsterdam");

        var en = new String(download("/api/v1/relations/export.csv?q=" + token + "&separator=comma", "en").body(),
                StandardCharsets.UTF_8);
        assertThat(en).startsWith("\uFEFFid,kind,name,");
        assertThat(download("/api/v1/relations/export.csv?sort=height", "en").statusCode()).isEqualTo(400);
    }

    @Test
    void vcardExportHoldsOneCardPerMatchingRelation() throws Exception {
        person("Anna", "Kaart", "Leiden", user.id());
        person("Bram", "Kaart", null, user.id());
        var vcf = download("/api/v1/relations/export.vcf?q=" + token, "en");
        assertThat(vcf.statusCode()).isEqualTo(200);
        assertThat(vcf.headers().firstValue("Content-Type").orElse("")).startsWith("text/vcard");
        String text = new String(vcf.body(), StandardCharsets.UTF_8);
        assertThat(text.split("BEGIN:VCARD", -1)).hasSize(3);
        assertThat(text).contains("Anna", "Bram", "Leiden");
    }

    @Test
    void theOpenApiDocumentListsTheListsEndpointsWithTheirBodiesAndNotThePagesExportAddress() {
        var paths = Api.anonymous(port).get("/v3/api-docs").body().get("paths");
        assertThat(paths.has("/api/v1/relations")).isTrue();
        assertThat(paths.has("/api/v1/relations/export.csv")).isTrue();
        assertThat(paths.has("/api/v1/relations/export.vcf")).isTrue();
        assertThat(paths.has("/api/v1/relations/import")).isTrue();
        assertThat(paths.has("/relations/export.csv")).as("the list page's own address is not API").isFalse();
        assertThat(paths.get("/api/v1/relations/bulk").get("post").get("requestBody").get("content")
                .get("application/json").get("schema").get("properties").has("selection")).isTrue();
        assertThat(paths.get("/api/v1/saved-filters").get("post").get("requestBody").get("content")
                .get("application/json").get("schema").get("properties").has("filter")).isTrue();
    }
}
