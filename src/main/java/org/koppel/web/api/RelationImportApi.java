package org.koppel.web.api;

import java.util.HashMap;
import java.util.Map;

import org.koppel.crm.Checks;
import org.koppel.crm.csv.CsvFile;
import org.koppel.crm.csv.ImportReport;
import org.koppel.crm.csv.RelationImport;
import org.koppel.crm.relation.RelationKind;
import org.koppel.security.KoppelUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * CSV import of relations of one kind: {@code POST /api/v1/relations/import?kind=person} with the file
 * as the body ({@code text/csv}, UTF-8, comma, semicolon or tab). {@code dryRun=true} (the default)
 * checks every row and stores nothing; {@code dryRun=false} creates each valid row. Columns are
 * mapped by their headings (English, Dutch, Italian); {@code map.<heading>=<field>} chooses one
 * (empty: skip the column). The answer lists every row: created / would be created, invalid or
 * duplicate with the field and the reason.
 */
@RestController
class RelationImportApi {

    private final RelationImport imports;

    RelationImportApi(RelationImport imports) {
        this.imports = imports;
    }

    @PostMapping(path = "/api/v1/relations/import", consumes = {"text/csv", "text/plain", "application/octet-stream"})
    ImportReport importCsv(@RequestBody(required = false) byte[] body, @RequestParam Map<String, String> params,
                           @AuthenticationPrincipal KoppelUser user) {
        var checks = new Checks();
        RelationKind kind = kind(params.get("kind"), checks);
        String dryRunText = params.getOrDefault("dryRun", "true");
        if (!dryRunText.equals("true") && !dryRunText.equals("false")) checks.problem("dryRun", "must be true or false");
        if (body == null || body.length == 0) checks.problem("file", "is empty: send the CSV file as the request body");
        checks.throwIfAny();
        var chosen = new HashMap<String, String>();
        params.forEach((k, v) -> {
            if (k.startsWith("map.")) chosen.put(k.substring(4), v);
        });
        CsvFile file = CsvFile.read(body);
        var mapping = imports.mapping(file, kind, chosen);
        return dryRunText.equals("true")
                ? imports.dryRun(file, kind, mapping, user.employeeId())
                : imports.importAll(file, kind, mapping, user.employeeId(), user.origin());
    }

    static RelationKind kind(String text, Checks checks) {
        if (text != null) {
            for (RelationKind k : RelationKind.values()) {
                if (k.name().equalsIgnoreCase(text.strip())) return k;
            }
        }
        checks.problem("kind", "is required: organisation, person or lead");
        return null;
    }
}
