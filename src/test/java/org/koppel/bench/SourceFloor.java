package org.koppel.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.koppel.crm.Origin;
import org.koppel.crm.relation.Address;
import org.koppel.crm.relation.AddressType;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Gender;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relations;
import org.koppel.testkit.source.SourceServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The floor of an initial import: the source's change list read page by page (500, as the connector
 * reads it) and every relation Koppel must hold written through Koppel's own write path
 * ({@link Relations#create}, one transaction each, as the connector's import does), with no sync
 * machinery: no links, no bases, no run report, no engine. What the sync engine adds is the
 * difference. The same rules as the import: active, of a mapped type, contact persons only of
 * organisations written here.
 */
final class SourceFloor {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> ORDER = List.of("organisation", "private_individual", "contact_person");

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;
    private final String office;
    private final String key;

    SourceFloor(URI base, String office, String key) {
        this.base = base;
        this.office = office;
        this.key = key;
    }

    /** Reads everything and writes what must be imported with {@code manager}; returns the source ids written, with their Koppel ids. */
    Map<String, Long> load(Relations relations, long manager) throws IOException, InterruptedException {
        var latest = new LinkedHashMap<String, JsonNode>();
        String cursor = "";
        boolean more = true;
        while (more) {
            JsonNode page = get("/relations?limit=500&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            for (JsonNode r : page.path("relations")) latest.put(r.path("id").asString(), r);
            cursor = page.path("cursor").asString();
            more = page.path("more").asBoolean();
        }
        var listed = new ArrayList<>(latest.values());
        // Parents first, so a contact person finds its organisation written.
        listed.sort(Comparator.comparingInt(r -> ORDER.indexOf(r.path("kind").asString())));
        var written = new HashMap<String, Long>();
        for (JsonNode r : listed) {
            String type = SourceExpected.MAPPED.get(r.path("relationTypeId").asString(""));
            if (!r.path("state").asString("").equals("active") || type == null) continue;
            Origin origin = Origin.system();
            switch (r.path("kind").asString()) {
                case "organisation" -> written.put(r.path("id").asString(), relations.create(organisation(r, type, manager), origin).id());
                case "private_individual" -> written.put(r.path("id").asString(), relations.create(individual(r, type, manager), origin).id());
                case "contact_person" -> {
                    Long organisation = r.path("parentKind").asString("").equals("organisation")
                            ? written.get(r.path("parentId").asString()) : null;
                    if (organisation != null) {
                        written.put(r.path("id").asString(), relations.create(contactPerson(r, type, manager, organisation), origin).id());
                    }
                }
                default -> throw new IllegalStateException("unknown kind " + r.path("kind"));
            }
        }
        return written;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header(SourceServer.OFFICE_HEADER, office)
                .header(SourceServer.KEY_HEADER, key).GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) throw new IOException("the source answered " + response.statusCode() + " to " + path);
        return JSON.readTree(response.body());
    }

    private static Organisation organisation(JsonNode r, String type, long manager) {
        return new Organisation(null, null, text(r, "name"), text(r, "phone"), text(r, "email"), text(r, "website"),
                text(r, "kvk"), manager, List.of(), false, List.of(type), addresses(r), null, Map.of(), null, null, null);
    }

    private static Person individual(JsonNode r, String type, long manager) {
        return new Person(null, null, null, null, null, null, text(r, "name"), null, null, null, text(r, "email"),
                text(r, "phone"), null, List.of(), null, manager, List.of(), false, List.of(type), addresses(r), null,
                Map.of(), null, null, null);
    }

    private static Person contactPerson(JsonNode r, String type, long manager, long organisation) {
        String birth = text(r, "birthDate");
        Gender gender = switch (r.path("gender").asString("")) {
            case "male" -> Gender.MALE;
            case "female" -> Gender.FEMALE;
            default -> null;
        };
        var role = new ContactRole(organisation, text(r, "email"), text(r, "directPhone"), text(r, "mobile"), text(r, "function"));
        return new Person(null, null, text(r, "initials"), null, text(r, "firstNames"), text(r, "infix"), text(r, "lastName"),
                birth == null ? null : LocalDate.parse(birth), gender, null, text(r, "email"), text(r, "privatePhone"),
                text(r, "mobile"), List.of(role), null, manager, List.of(), false, List.of(type), addresses(r), null,
                Map.of(), null, null, null);
    }

    /** Head office, postal and private addresses, as the connector maps them; invoice and other addresses are not synced. */
    private static List<Address> addresses(JsonNode r) {
        var out = new ArrayList<Address>();
        for (JsonNode a : r.path("addresses")) {
            AddressType type = switch (a.path("type").asString("")) {
                case "head_office" -> AddressType.VISITING;
                case "postal" -> AddressType.POSTAL;
                case "private" -> AddressType.PRIVATE;
                default -> null;
            };
            if (type != null) {
                out.add(new Address(type, text(a, "street"), text(a, "houseNumber"), text(a, "postalCode"), text(a, "city"),
                        null, text(a, "country")));
            }
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
