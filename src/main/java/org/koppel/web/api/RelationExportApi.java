package org.koppel.web.api;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.koppel.crm.Checks;
import org.koppel.crm.csv.RelationExport;
import org.koppel.crm.relation.RelationListFilter;
import org.koppel.runtime.RelationCards;
import org.koppel.security.KoppelUser;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Every relation the list's filter matches, in its sort, as CSV or as one vCard file. The list page's
 * export buttons use the {@code /relations/export.*} addresses (signed-in session), scripts the
 * {@code /api/v1/} ones; the parameters are the list's (kind, q, manager, ..., sort, dir), and
 * {@code separator} (comma or semicolon; default by language: semicolon for Dutch and Italian, as
 * their Excel expects).
 */
@RestController
class RelationExportApi {

    private final RelationExport export;
    private final RelationCards cards;

    RelationExportApi(RelationExport export, RelationCards cards) {
        this.export = export;
        this.cards = cards;
    }

    @GetMapping({"/api/v1/relations/export.csv", "/relations/export.csv"})
    ResponseEntity<StreamingResponseBody> csv(@RequestParam Map<String, String> params, Locale locale,
                                              @AuthenticationPrincipal KoppelUser user) {
        var checks = new Checks();
        var filterParams = new HashMap<>(params);
        String separator = filterParams.remove("separator");
        char sep = separator == null ? defaultSeparator(locale) : switch (separator) {
            case "comma", "," -> ',';
            case "semicolon", ";" -> ';';
            default -> {
                checks.problem("separator", "must be comma or semicolon");
                yield ',';
            }
        };
        RelationListFilter filter = RelationListFilter.strict(filterParams, checks, "");
        checks.throwIfAny();
        var query = filter.query(user.employeeId(), 0, 1);
        return download("csv", "relations.csv", out -> export.csv(query, sep, out));
    }

    @GetMapping({"/api/v1/relations/export.vcf", "/relations/export.vcf"})
    ResponseEntity<StreamingResponseBody> vcard(@RequestParam Map<String, String> params,
                                                @AuthenticationPrincipal KoppelUser user) {
        var checks = new Checks();
        RelationListFilter filter = RelationListFilter.strict(params, checks, "");
        checks.throwIfAny();
        var query = filter.query(user.employeeId(), 0, 1);
        return download("vcard", "relations.vcf", out -> cards.write(query, out));
    }

    /** Written while it is sent: the rows are read a slice at a time, never held whole. */
    private static ResponseEntity<StreamingResponseBody> download(String textType, String fileName, StreamingResponseBody body) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", textType, java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
                .body(body);
    }

    /** Excel uses the list separator of its language: a semicolon where the comma is the decimal sign. */
    static char defaultSeparator(Locale locale) {
        return locale != null && ("nl".equals(locale.getLanguage()) || "it".equals(locale.getLanguage())) ? ';' : ',';
    }
}
