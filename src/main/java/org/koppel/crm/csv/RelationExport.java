package org.koppel.crm.csv;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.koppel.crm.relation.Address;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Lead;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationQuery;
import org.koppel.store.EmployeeStore;
import org.koppel.store.RelationStore;
import org.springframework.stereotype.Service;

/**
 * Writes every relation a list query matches, in its order, as CSV: streamed in slices, so the
 * memory an export takes does not grow with the list. For Excel: UTF-8 with a BOM (else Excel reads
 * it as the local code page), CRLF, and the separator Excel of the reader's language expects.
 * The headings are the import's field names, so an export imports again.
 */
@Service
public class RelationExport {

    /** More than any list here holds; an export of more is a database dump, not a list. */
    public static final int MAX_RELATIONS = 100_000;
    static final int SLICE = 500;

    private static final List<String> HEADINGS = List.of("id", "kind", "name", "organisation", "firstName", "infix",
            "lastName", "email", "phone", "mobile", "street", "houseNumber", "postalCode", "city", "country",
            "relationManager", "former", "changed");

    /** A date and time Excel reads as one, in UTC (a file has no reader's time zone). */
    private static final java.time.format.DateTimeFormatter CHANGED =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneOffset.UTC);

    private final RelationStore store;
    private final EmployeeStore employees;

    public RelationExport(RelationStore store, EmployeeStore employees) {
        this.store = store;
        this.employees = employees;
    }

    /** Calls {@code each} with the matching relations, a slice at a time, in the query's order. */
    public void forEachSlice(RelationQuery query, Consumer<List<Relation>> each) {
        List<Long> ids = store.searchIds(query, MAX_RELATIONS);
        for (int i = 0; i < ids.size(); i += SLICE) each.accept(store.load(ids.subList(i, Math.min(ids.size(), i + SLICE))));
    }

    public void csv(RelationQuery query, char separator, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write('\uFEFF');
        Map<Long, String> managers = employees.all().stream()
                .collect(Collectors.toMap(e -> e.id(), e -> e.displayName(), (a, b) -> a));
        var printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setDelimiter(separator).setRecordSeparator("\r\n").get());
        printer.printRecord(HEADINGS);
        var organisationNames = new java.util.HashMap<Long, String>();
        forEachSlice(query, slice -> {
            try {
                var orgIds = slice.stream().filter(r -> r instanceof Person).flatMap(r -> ((Person) r).contactRoles().stream())
                        .map(ContactRole::organisationId).filter(id -> id != null && !organisationNames.containsKey(id)).toList();
                organisationNames.putAll(store.displayNames(orgIds));
                for (Relation r : slice) printer.printRecord(row(r, managers, organisationNames).stream().map(RelationExport::safe).toList());
                printer.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        printer.flush();
    }

    private static List<String> row(Relation r, Map<Long, String> managers, Map<Long, String> orgNames) {
        Address a = r.addresses().isEmpty() ? null : r.addresses().getFirst();
        String organisation = null, first = null, infix = null, last = null, email, phone, mobile = null;
        switch (r) {
            case Organisation o -> {
                organisation = o.name();
                email = o.email();
                phone = o.phone();
            }
            case Person p -> {
                ContactRole role = p.contactRoles().isEmpty() ? null : p.contactRoles().getFirst();
                organisation = role == null ? null : orgNames.get(role.organisationId());
                first = p.firstName();
                infix = p.infix();
                last = p.lastName();
                email = p.privateEmail() != null || role == null ? p.privateEmail() : role.email();
                phone = p.privatePhone() != null || role == null ? p.privatePhone() : role.phone();
                mobile = p.privateMobile() != null || role == null ? p.privateMobile() : role.mobile();
            }
            case Lead l -> {
                organisation = l.companyName();
                first = l.firstName();
                infix = l.infix();
                last = l.lastName();
                email = l.email();
                phone = l.phone();
                mobile = l.mobile();
            }
        }
        return java.util.Arrays.asList(String.valueOf(r.id()), r.kind().name().toLowerCase(java.util.Locale.ROOT),
                r.displayName(), organisation, first, infix, last, email, phone, mobile,
                a == null ? null : a.street(), a == null ? null : a.houseNumber(), a == null ? null : a.postalCode(),
                a == null ? null : a.city(), a == null ? null : a.country(), managers.get(r.managerId()),
                r.former() ? "yes" : "no", r.updatedAt() == null ? null : CHANGED.format(r.updatedAt()));
    }

    /**
     * A cell Excel would run as a formula ({@code =}, {@code @}, or {@code +}/{@code -} not starting
     * a phone number) gets a leading apostrophe: a relation's name must not become a command
     * (CSV injection). Phone numbers such as "+31 20 123 4567" stay as they are.
     */
    static String safe(String cell) {
        if (cell == null || cell.isEmpty()) return cell;
        char c = cell.charAt(0);
        boolean phoneLike = (c == '+' || c == '-') && cell.matches("[+-][0-9 ()./-]*");
        if (c == '=' || c == '@' || c == '\t' || c == '\r' || ((c == '+' || c == '-') && !phoneLike)) return "'" + cell;
        return cell;
    }
}
