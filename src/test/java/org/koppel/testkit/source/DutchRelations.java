package org.koppel.testkit.source;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Realistic Dutch relations for {@link SourceServer#seed}: firms with a KvK number and a head office, their
 * contact persons with initials and an infix, private individuals at a home address. Deterministic for a given
 * random, so a benchmark or a failing test sees the same relations again.
 */
final class DutchRelations {

    private static final List<String> MALE = List.of("Jan", "Pieter", "Hendrik", "Willem", "Daan", "Sem", "Lucas",
            "Thijs", "Bram", "Joost", "Maarten", "Gerrit", "Kees", "Ruben", "Johannes");
    private static final List<String> FEMALE = List.of("Anna", "Maria", "Sanne", "Femke", "Lotte", "Eva", "Ingrid",
            "Marieke", "Anouk", "Johanna", "Fleur", "Noor", "Wilhelmina", "Petra", "Esther");
    private static final List<String> INFIXES = List.of("", "", "", "van", "de", "van der", "van den", "ter", "van 't");
    private static final List<String> LAST = List.of("Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder",
            "Bos", "Vos", "Peters", "Hendriks", "Dekker", "Brouwer", "Dijk", "Berg", "Leeuwen", "Wal", "Heuvel", "Kok",
            "Vermeulen", "Willems");
    private static final List<String> FIRM_WORDS = List.of("Bouw", "Installatie", "Transport", "Advies", "Zorg",
            "Techniek", "Vastgoed", "Handel", "Logistiek", "Bakkerij", "Groothandel", "Metaal");
    private static final List<String> FIRM_FORMS = List.of("B.V.", "B.V.", "V.O.F.", "N.V.", "Holding B.V.");
    private static final List<String> FUNCTIONS = List.of("Directeur", "Bedrijfsjurist", "Office manager",
            "Financieel directeur", "HR-adviseur", "Inkoper", "Bestuurssecretaris");
    private static final List<String> STREETS = List.of("Kerkstraat", "Dorpsstraat", "Stationsweg", "Molenweg",
            "Prinsengracht", "Nieuwstraat", "Industrieweg", "Hoofdstraat", "Julianalaan", "Schoolstraat");
    private static final List<String> CITIES = List.of("Amsterdam", "Rotterdam", "Utrecht", "Den Haag",
            "Eindhoven", "Groningen", "Zwolle", "Arnhem", "Haarlem", "Breda", "Maastricht", "Leeuwarden");

    private final Random random;
    private final JsonMapper json;

    DutchRelations(Random random, JsonMapper json) {
        this.random = random;
        this.json = json;
    }

    ObjectNode organisation() {
        String family = pick(LAST);
        String name = random.nextBoolean()
                ? family + " " + pick(FIRM_WORDS) + " " + pick(FIRM_FORMS)
                : pick(FIRM_WORDS) + "bedrijf " + family + " " + pick(FIRM_FORMS);
        String domain = family.toLowerCase(Locale.ROOT) + "-" + (1 + random.nextInt(999)) + ".nl";
        ObjectNode o = json.createObjectNode()
                .put("name", name)
                .put("phone", landline())
                .put("email", "info@" + domain)
                .put("website", "https://www." + domain)
                .put("kvk", String.format("%08d", random.nextInt(100_000_000)));
        ArrayNode addresses = o.putArray("addresses");
        addresses.add(address("head_office"));
        if (random.nextInt(3) == 0) addresses.add(postbus());
        if (random.nextInt(4) == 0) addresses.add(address("invoice"));
        return o;
    }

    ObjectNode contactPerson(String organisationEmail) {
        boolean male = random.nextBoolean();
        String first = pick(male ? MALE : FEMALE);
        String second = random.nextInt(3) == 0 ? " " + pick(male ? MALE : FEMALE) : "";
        String infix = pick(INFIXES);
        String last = pick(LAST);
        String domain = organisationEmail == null ? "example.nl" : organisationEmail.substring(organisationEmail.indexOf('@') + 1);
        ObjectNode p = json.createObjectNode()
                .put("firstNames", first + second)
                .put("initials", initials(first + second))
                .put("infix", infix.isEmpty() ? null : infix)
                .put("lastName", last)
                .put("birthDate", LocalDate.of(1950 + random.nextInt(50), 1 + random.nextInt(12), 1 + random.nextInt(28)).toString())
                .put("gender", random.nextInt(20) == 0 ? "unknown" : male ? "male" : "female")
                .put("function", pick(FUNCTIONS))
                .put("directPhone", landline())
                .put("mobile", mobile())
                .put("privatePhone", random.nextInt(3) == 0 ? landline() : null)
                .put("email", first.toLowerCase(Locale.ROOT) + "." + last.toLowerCase(Locale.ROOT) + "@" + domain);
        ArrayNode addresses = p.putArray("addresses");
        if (random.nextInt(4) == 0) addresses.add(address("private"));
        return p;
    }

    ObjectNode privateIndividual() {
        boolean male = random.nextBoolean();
        String first = pick(male ? MALE : FEMALE);
        String infix = pick(INFIXES);
        String last = pick(LAST);
        String name = first + " " + (infix.isEmpty() ? "" : infix + " ") + last;
        ObjectNode p = json.createObjectNode()
                .put("name", name)
                .put("email", first.toLowerCase(Locale.ROOT) + "." + last.toLowerCase(Locale.ROOT) + random.nextInt(100) + "@ziggo.nl")
                .put("phone", random.nextBoolean() ? mobile() : landline());
        p.putArray("addresses").add(address("private"));
        return p;
    }

    ObjectNode address(String type) {
        return json.createObjectNode()
                .put("type", type)
                .put("street", pick(STREETS))
                .put("houseNumber", String.valueOf(1 + random.nextInt(250)) + (random.nextInt(8) == 0 ? "A" : ""))
                .put("postalCode", (1000 + random.nextInt(9000)) + " " + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26)))
                .put("city", pick(CITIES))
                .put("country", "NL");
    }

    private ObjectNode postbus() {
        return json.createObjectNode()
                .put("type", "postal")
                .put("street", "Postbus")
                .put("houseNumber", String.valueOf(1 + random.nextInt(9999)))
                .put("postalCode", (1000 + random.nextInt(9000)) + " " + "AA")
                .put("city", pick(CITIES))
                .put("country", "NL");
    }

    private String landline() {
        return "0" + (10 + random.nextInt(89)) + "-" + (1_000_000 + random.nextInt(9_000_000));
    }

    private String mobile() {
        return "06-" + (10_000_000 + random.nextInt(90_000_000));
    }

    private static String initials(String firstNames) {
        StringBuilder b = new StringBuilder();
        for (String part : firstNames.split(" ")) b.append(part.charAt(0)).append('.');
        return b.toString();
    }

    private String pick(List<String> list) {
        return list.get(random.nextInt(list.size()));
    }
}
