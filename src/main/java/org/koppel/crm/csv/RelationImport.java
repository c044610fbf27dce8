package org.koppel.crm.csv;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.koppel.crm.Checks;
import org.koppel.crm.FieldProblem;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.Origin;
import org.koppel.crm.csv.ImportRow.Status;
import org.koppel.crm.relation.Lead;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.store.RelationStore;
import org.springframework.stereotype.Service;

/**
 * Imports relations of one kind from a CSV file by a column mapping. The dry run checks every row
 * with the write path's own checks and stores nothing; the import creates each valid row in its own
 * transaction (the write path's), so a failing row costs only itself and nothing is half-written.
 * <p>
 * A row whose e-mail address is already a relation's (or an earlier row's) is reported as a
 * duplicate and skipped, not merged: a spreadsheet is usually older than what people edited in the
 * CRM since, and overwriting would silently undo their work. The report names the relation it
 * matches, so a person can open it and decide.
 */
@Service
public class RelationImport {

    private final Relations relations;
    private final RelationStore store;

    public RelationImport(Relations relations, RelationStore store) {
        this.relations = relations;
        this.store = store;
    }

    /**
     * The mapping from the given choices (heading → field param, blank to skip a column), each
     * heading not chosen guessed from its text. Problems name {@code mapping.<heading>}.
     */
    public List<ImportField> mapping(CsvFile file, RelationKind kind, Map<String, String> chosen) {
        var checks = new Checks();
        for (String heading : chosen.keySet()) {
            if (!file.header().contains(heading)) checks.problem("mapping." + heading, "is not a column of the file");
        }
        var mapping = new ArrayList<ImportField>();
        var used = new HashMap<ImportField, String>();
        for (String heading : file.header()) {
            ImportField field;
            if (chosen.containsKey(heading)) {
                String param = chosen.get(heading);
                field = param == null || param.isBlank() ? null : ImportField.parse(param).orElse(null);
                if (param != null && !param.isBlank() && (field == null || !ImportField.of(kind).contains(field))) {
                    checks.problem("mapping." + heading, "'" + param + "' is not a field of a " + label(kind) + "; use "
                            + String.join(", ", ImportField.of(kind).stream().map(ImportField::param).toList()));
                    field = null;
                }
            } else {
                field = ImportField.guess(heading, kind).filter(f -> !used.containsKey(f)).orElse(null);
            }
            if (field != null && used.putIfAbsent(field, heading) != null) {
                checks.problem("mapping." + heading, "maps to " + field.param() + " as column '" + used.get(field)
                        + "' does already");
                field = null;
            }
            mapping.add(field);
        }
        if (mapping.stream().noneMatch(f -> f != null && ImportField.of(kind).contains(f))) {
            checks.problem("mapping", "no column is mapped to a field; name the columns or map them");
        }
        checks.throwIfAny();
        return mapping;
    }

    public ImportReport dryRun(CsvFile file, RelationKind kind, List<ImportField> mapping, long managerId) {
        return run(file, kind, mapping, managerId, null);
    }

    public ImportReport importAll(CsvFile file, RelationKind kind, List<ImportField> mapping, long managerId, Origin origin) {
        return run(file, kind, mapping, managerId, origin);
    }

    private ImportReport run(CsvFile file, RelationKind kind, List<ImportField> mapping, long managerId, Origin origin) {
        var rows = new ArrayList<ImportRow>();
        var emailsSeen = new HashMap<String, Integer>();
        for (int i = 0; i < file.rows().size(); i++) {
            int number = CsvFile.rowNumber(i);
            Map<ImportField, String> values = values(file.rows().get(i), mapping);
            Relation relation = RowReader.relation(kind, values, managerId);
            String name = relation.displayName();
            List<FieldProblem> problems = relations.problemsOfNew(relation).stream()
                    .map(p -> p.at(column(p.field(), file.header(), mapping))).toList();
            if (!problems.isEmpty()) {
                rows.add(new ImportRow(number, name, Status.INVALID, null, problems));
                continue;
            }
            String email = email(relation);
            if (email != null) {
                Integer earlier = emailsSeen.putIfAbsent(email, number);
                if (earlier != null) {
                    rows.add(duplicate(number, name, null, "the same e-mail address as row " + earlier, file, mapping));
                    continue;
                }
                List<Long> existing = store.withEmailOrPhone(List.of(email), List.of(), 1);
                if (!existing.isEmpty()) {
                    rows.add(duplicate(number, name, existing.getFirst(), "relation " + existing.getFirst()
                            + " has this e-mail address already; skipped, not merged", file, mapping));
                    continue;
                }
            }
            if (origin == null) {
                rows.add(new ImportRow(number, name, Status.WOULD_CREATE, null, List.of()));
                continue;
            }
            try {
                Relation created = relations.create(relation, origin);
                rows.add(new ImportRow(number, name, Status.CREATED, created.id(), List.of()));
            } catch (InvalidInputException e) {
                rows.add(new ImportRow(number, name, Status.FAILED, null, e.problems()));
            } catch (RuntimeException e) {
                rows.add(new ImportRow(number, name, Status.FAILED, null, List.of(new FieldProblem("row", e.getMessage()))));
            }
        }
        var shown = new LinkedHashMap<String, String>();
        for (int c = 0; c < file.header().size(); c++) {
            shown.put(file.header().get(c), mapping.get(c) == null ? null : mapping.get(c).param());
        }
        return new ImportReport(origin == null, shown, rows);
    }

    private static ImportRow duplicate(int number, String name, Long existing, String reason, CsvFile file,
                                       List<ImportField> mapping) {
        return new ImportRow(number, name, Status.DUPLICATE, existing,
                List.of(new FieldProblem(column("email", file.header(), mapping), reason)));
    }

    private static Map<ImportField, String> values(List<String> cells, List<ImportField> mapping) {
        var values = new EnumMap<ImportField, String>(ImportField.class);
        for (int c = 0; c < mapping.size() && c < cells.size(); c++) {
            String cell = Checks.clean(cells.get(c));
            if (mapping.get(c) != null && cell != null) values.put(mapping.get(c), cell);
        }
        return values;
    }

    private static String email(Relation r) {
        String email = switch (r) {
            case Organisation o -> o.email();
            case Person p -> p.privateEmail();
            case Lead l -> l.email();
        };
        email = Checks.clean(email);
        return email == null ? null : email.toLowerCase(Locale.ROOT);
    }

    /** The column heading a write-path field came from ({@code addresses[0].city} → "Plaats"), else the field. */
    private static String column(String field, List<String> header, List<ImportField> mapping) {
        String base = field.replaceFirst("^addresses\\[0]\\.", "");
        String param = switch (base) {
            case "privateEmail" -> "email";
            case "privatePhone" -> "phone";
            case "privateMobile" -> "mobile";
            case "companyName" -> "organisation";
            default -> base;
        };
        var target = ImportField.parse(param).orElse(null);
        if (target == null && field.equals("name")) target = ImportField.ORGANISATION;
        int at = target == null ? -1 : mapping.indexOf(target);
        if (at < 0 && target != null && (target == ImportField.FIRST_NAME || target == ImportField.LAST_NAME)) {
            at = mapping.indexOf(ImportField.NAME);
        }
        return at < 0 ? field : header.get(at);
    }

    private static String label(RelationKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
