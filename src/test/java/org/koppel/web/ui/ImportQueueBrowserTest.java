package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncRunner;
import org.koppel.store.ImportQueueStore;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.DataType;
import org.koppel.sync.Snapshot;
import org.koppel.testkit.MemoryPeers;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The import queue in headless Chromium: a choice per entry swapped in by htmx without leaving the
 * page, "Import all" enabled only once something is chosen, and its results per entry. Skipped
 * without Debian's chromium, as RelationBrowserTest explains.
 */
@OnH2
@InChromium.Window("1280,1100")
class ImportQueueBrowserTest extends InChromium {

    @LocalServerPort int port;
    @Autowired Samples samples;
    @Autowired Connections connections;
    @Autowired MemoryPeers peers;
    @Autowired SyncRunner runner;
    @Autowired ImportQueueStore queue;
    @Autowired Relations relations;

    @Test
    void aChoiceThenImportAllImportsOnlyTheChosenContact() throws java.io.IOException {
        Employee user = samples.employee("queue-browser", EmployeeRole.USER);
        Connection c = connections.create("memory", "Phone", Map.of("contacts.creation", "QUEUE"), "secret",
                UiUsers.principal(user));
        String jan = peers.of(c.id()).userCreates(Snapshot.of(Map.of(ContactSlots.GIVEN_NAME, "Jan", ContactSlots.FAMILY_NAME,
                "Browserwacht", ContactSlots.EMAIL_HOME, "jan@browser.example")), Set.of());
        String later = peers.of(c.id()).userCreates(Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Laterkeus",
                ContactSlots.EMAIL_WORK, user.login() + "@koppel.test")), Set.of());
        runner.run(c.id(), "test");
        long janEntry = queue.find(c.id(), DataType.CONTACTS, jan).orElseThrow().id();
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        chromium.signIn(url("/connections/" + c.id() + "/import-queue"), user.login(), Samples.password(user.login()), wait);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-all")));

        assertThat(importAll().isEnabled()).as("nothing chosen yet").isFalse();
        ((JavascriptExecutor) browser).executeScript("window.queueMarker = 'same page';");
        browser.findElement(By.cssSelector("#queue-entry-" + janEntry + " button[value=PERSON]")).click();
        // htmx swaps the button in: an element found just before the swap goes stale, so look again.
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> importAll().isEnabled());

        assertThat(((JavascriptExecutor) browser).executeScript("return window.queueMarker")).as("swapped by htmx")
                .isEqualTo("same page");
        assertThat(browser.findElement(By.id("queue-entry-" + janEntry)).getText()).contains("Chosen: Person");
        assertThat(queue.find(janEntry).orElseThrow().status()).as("chosen, not imported yet").isEqualTo("WAITING");
        chromium.screenshot("import-queue-chosen.png");
        importAll().click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".import-results")));

        assertThat(browser.findElement(By.cssSelector(".import-results")).getText()).contains("Browserwacht", "Imported");
        var imported = queue.find(janEntry).orElseThrow();
        assertThat(imported.status()).isEqualTo("IMPORTED");
        assertThat(((Person) relations.find(RelationKind.PERSON, imported.crmId())).privateEmail()).isEqualTo("jan@browser.example");
        assertThat(queue.find(c.id(), DataType.CONTACTS, later).orElseThrow().status()).isEqualTo("WAITING");
        assertThat(importAll().isEnabled()).as("nothing chosen any more").isFalse();
        chromium.screenshot("import-queue-imported.png");
    }

    private org.openqa.selenium.WebElement importAll() {
        return browser.findElement(By.cssSelector("#import-all button"));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
