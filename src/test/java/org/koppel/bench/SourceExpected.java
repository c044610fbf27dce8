package org.koppel.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.koppel.testkit.source.SourceServer;

import tools.jackson.databind.JsonNode;

/**
 * What a source-system import must bring into Koppel, worked out from the source's own relations and
 * not from anything Koppel did: every active relation of a mapped relation type, and a contact person
 * only when its parent is an organisation that is imported too (docs/source-system.md). Also picks the
 * relations a benchmark edits in the source.
 */
final class SourceExpected {

    /** The source's relation types the benchmark maps (Cliënt, Wederpartij); the others stay unmapped. */
    static final Map<String, String> MAPPED = Map.of("1", "Client", "2", "Opposing party");
    static final List<String> KINDS = List.of("organisation", "contact_person", "private_individual");

    private SourceExpected() {
    }

    /** The source ids among {@code ids} that must be imported, in id order. */
    static Set<String> imported(SourceServer source, List<String> ids) {
        var expected = new TreeSet<String>();
        for (String id : ids) {
            JsonNode r = source.relation(id).orElseThrow();
            if (!active(r)) continue;
            if (r.path("kind").asString("").equals("contact_person")) {
                JsonNode parent = source.relation(r.path("parentId").asString()).orElseThrow();
                if (parent.path("kind").asString("").equals("organisation") && active(parent)) expected.add(id);
            } else {
                expected.add(id);
            }
        }
        return expected;
    }

    /**
     * Active contact persons of a mapped type whose organisation is not imported (archived, deleted, of
     * an unmapped type): the import skips them, each after reading its organisation from the source.
     */
    static long withoutImportedOrganisation(SourceServer source, List<String> ids, Set<String> imported) {
        return ids.stream().map(id -> source.relation(id).orElseThrow())
                .filter(r -> active(r) && r.path("kind").asString("").equals("contact_person")
                        && r.path("parentKind").asString("").equals("organisation")
                        && !imported.contains(r.path("parentId").asString()))
                .count();
    }

    private static boolean active(JsonNode r) {
        return r.path("state").asString("").equals("active") && MAPPED.containsKey(r.path("relationTypeId").asString(""));
    }

    /**
     * {@code count} of the {@code imported} relations, spread evenly over the three kinds and over
     * the id range; {@code offset} (0, 1, ...) picks a different set for a second round of edits.
     */
    static List<String> toEdit(SourceServer source, Set<String> imported, int count, int offset) {
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        for (String kind : KINDS) byKind.put(kind, new ArrayList<>());
        for (String id : imported) byKind.get(source.relation(id).orElseThrow().path("kind").asString()).add(id);
        var chosen = new ArrayList<String>();
        for (int i = 0; chosen.size() < count; i++) {
            List<String> ofKind = byKind.get(KINDS.get(i % KINDS.size()));
            int nth = i / KINDS.size();
            int perKind = (count + KINDS.size() - 1) / KINDS.size();
            int stride = Math.max(1, ofKind.size() / (perKind * 2));
            int at = (nth * 2 + offset) * stride;
            if (at < ofKind.size()) chosen.add(ofKind.get(at));
            else if (i > count * KINDS.size() * 2) throw new IllegalStateException("too few relations to edit " + count);
        }
        return chosen;
    }

    /** The source field a benchmark edits for a relation of {@code kind}: one Koppel syncs both ways. */
    static String editedField(String kind) {
        return switch (kind) {
            case "organisation", "private_individual" -> "phone";
            case "contact_person" -> "directPhone";
            default -> throw new IllegalArgumentException(kind);
        };
    }
}
