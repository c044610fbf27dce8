package org.koppel.web.ui;

import java.io.IOException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpSession;

import org.koppel.crm.InvalidInputException;
import org.koppel.crm.csv.CsvFile;
import org.koppel.crm.csv.ImportField;
import org.koppel.crm.csv.ImportReport;
import org.koppel.crm.csv.RelationImport;
import org.koppel.crm.relation.RelationKind;
import org.koppel.security.KoppelUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * CSV import in steps: upload, map the columns (guessed from their headings), dry run with every
 * row's problems, import. The uploaded file waits in the session between the steps, so it is sent
 * once and never written to disk.
 */
@Controller
class RelationImportController {

    static final String PENDING = "koppel.relationImport";

    /** The file waiting in the session for its mapping. */
    record Pending(String fileName, byte[] bytes, RelationKind kind) implements Serializable {
    }

    /** One column on the mapping page: its heading and the field chosen or guessed. */
    record Column(String heading, ImportField field) {
    }

    private final RelationImport imports;

    RelationImportController(RelationImport imports) {
        this.imports = imports;
    }

    @GetMapping("/relations/import")
    String start(Model model) {
        model.addAttribute("step", "upload");
        model.addAttribute("maxRows", CsvFile.MAX_ROWS);
        return "relations/import";
    }

    @PostMapping("/relations/import")
    String upload(@RequestParam("file") MultipartFile file, @RequestParam(defaultValue = "person") String kind,
                  HttpSession session, Model model) throws IOException {
        RelationKind relationKind = RelationKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT).equals("ORGANISATION")
                ? "ORGANISATION" : kind.equalsIgnoreCase("lead") ? "LEAD" : "PERSON");
        try {
            CsvFile csv = CsvFile.read(file.getBytes());
            var pending = new Pending(file.getOriginalFilename(), file.getBytes(), relationKind);
            session.setAttribute(PENDING, pending);
            List<ImportField> mapping = imports.mapping(csv, relationKind, Map.of());
            return mappingPage(pending, csv, mapping, null, model);
        } catch (CsvFile.Problem e) {
            model.addAttribute("problem", "lists.import.problem." + e.kind().name());
            return start(model);
        } catch (InvalidInputException e) {
            // no column heading is known: the mapping page lets the person choose
            CsvFile csv = CsvFile.read(file.getBytes());
            var pending = new Pending(file.getOriginalFilename(), file.getBytes(), relationKind);
            session.setAttribute(PENDING, pending);
            return mappingPage(pending, csv, csv.header().stream().map(h -> (ImportField) null).toList(), null, model);
        }
    }

    /** The dry run ({@code run=false}) or the import ({@code run=true}) by the mapping chosen. */
    @PostMapping("/relations/import/check")
    String check(@RequestParam Map<String, String> params, @RequestParam(defaultValue = "false") boolean run,
                 @AuthenticationPrincipal KoppelUser user, HttpSession session, Model model) {
        if (!(session.getAttribute(PENDING) instanceof Pending pending)) return "redirect:/relations/import";
        CsvFile csv = CsvFile.read(pending.bytes());
        var chosen = new LinkedHashMap<String, String>();
        for (int i = 0; i < csv.header().size(); i++) {
            chosen.put(csv.header().get(i), params.getOrDefault("map." + i, ""));
        }
        List<ImportField> mapping;
        try {
            mapping = imports.mapping(csv, pending.kind(), chosen);
        } catch (InvalidInputException e) {
            model.addAttribute("problem", "lists.import.problem.mapping");
            return mappingPage(pending, csv, csv.header().stream().map(h -> ImportField.guess(h, pending.kind()).orElse(null))
                    .toList(), null, model);
        }
        ImportReport report = run
                ? imports.importAll(csv, pending.kind(), mapping, user.employeeId(), user.origin())
                : imports.dryRun(csv, pending.kind(), mapping, user.employeeId());
        if (run) session.removeAttribute(PENDING);
        return mappingPage(pending, csv, mapping, report, model);
    }

    private static String mappingPage(Pending pending, CsvFile csv, List<ImportField> mapping, ImportReport report, Model model) {
        var columns = new java.util.ArrayList<Column>();
        for (int i = 0; i < csv.header().size(); i++) columns.add(new Column(csv.header().get(i), mapping.get(i)));
        model.addAttribute("step", report != null && !report.dryRun() ? "done" : "map");
        model.addAttribute("maxRows", CsvFile.MAX_ROWS);
        model.addAttribute("fileName", pending.fileName());
        model.addAttribute("rowCount", csv.rows().size());
        model.addAttribute("columns", columns);
        model.addAttribute("fields", ImportField.of(pending.kind()));
        model.addAttribute("report", report);
        return "relations/import";
    }
}
