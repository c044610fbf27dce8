package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.Employees;
import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncRunner;
import org.koppel.sync.RunReport;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Every sync page (connections, one connection, a run, its conflict log, reviews and import queue, integrations,
 * sync settings, the Microsoft and Google app pages, source activation) in Dutch and Italian: no key without a
 * text, and none of the English of the same page left in its main part (the layout around it is the shell's).
 */
@OnH2
@AutoConfigureMockMvc
class SyncPagesLanguageTest {

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Employees employees;
    @Autowired Connections connections;
    @Autowired SyncRunner runner;

    @Test
    void theSyncPagesHaveEveryTextInDutchAndItalianAndNoEnglishLeft() throws Exception {
        Employee admin = UiUsers.admin(employees);
        String tag = UUID.randomUUID().toString().substring(0, 6);
        samples.person("Taal", null, "Toets" + tag, admin.id());
        // the connection list shows an admin every connection, other tests' names too: it is read as the owner,
        // who sees their own only (the admin reads the admin pages)
        Employee owner = samples.employee("taal" + tag, org.koppel.crm.employee.EmployeeRole.USER);
        Connection c = connections.create("memory", "Telefoon " + tag, Map.of(), "secret", UiUsers.principal(owner));
        RunReport run = runner.run(c.id(), "sync-now");
        String base = "/connections/" + c.id();
        List<String> pages = List.of("/connections", base, base + "/runs/" + run.id(), base + "/conflicts", base + "/reviews",
                base + "/import-queue", "/integrations", "/settings/sync", "/settings/sync?employee=" + admin.id(),
                "/settings/microsoft", "/settings/google", "/integrations/source/new");

        var problems = new ArrayList<String>();
        for (String page : pages) {
            Employee reader = page.equals("/connections") || page.startsWith(base) ? owner : admin;
            String english = main(page, "en", reader);
            for (String language : List.of("nl", "it")) {
                String translated = main(page, language, reader);
                if (translated.contains("??")) problems.add(page + " [" + language + "] has a key without text");
                for (String sentence : sentences(english)) {
                    if (translated.contains(sentence)) problems.add(page + " [" + language + "] still says: " + sentence);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /** Names of products, the same in every language. */
    private static final java.util.Set<String> PRODUCT_NAMES = java.util.Set.of("CardDAV (iCloud, Nextcloud, Fastmail, …)",
            "iCloud (iPhone, iPad, Mac)", "Microsoft 365 (Outlook)");

    /** The page's main element, where the sync pages' own text is. */
    private String main(String page, String language, Employee reader) throws Exception {
        String html = mvc.perform(get(page).with(as(reader)).header("Accept-Language", language)).andReturn().getResponse()
                .getContentAsString();
        int start = html.indexOf("<main");
        assertThat(start).as(page).isNotNegative();
        return html.substring(start, html.indexOf("</main>", start));
    }

    /**
     * The English page's longer texts between tags: words a translation must not keep. Short ones (names,
     * "Koppel", "E-mail", addresses, numbers) may rightly be the same in every language.
     */
    private static List<String> sentences(String html) {
        var found = new ArrayList<String>();
        for (String text : html.split("<[^>]*>")) {
            String t = text.strip();
            if (t.length() >= 25 && t.contains(" ") && !t.contains("http") && !t.contains("@") && !t.contains("{")
                    && !PRODUCT_NAMES.contains(t)) {
                found.add(t);
            }
        }
        return found;
    }
}
