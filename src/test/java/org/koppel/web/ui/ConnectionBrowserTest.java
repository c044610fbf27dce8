package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.Employees;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.runtime.SyncRunner;
import org.koppel.store.ConnectionStore;
import org.koppel.sync.ContactSlots;
import org.koppel.testkit.MemoryPeers;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.koppel.testkit.TestUsers;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The connection pages in headless Chromium: what MockMvc cannot show is htmx at work (Sync now
 * swapping the report in, the 409 answer shown, Delete confirming and leaving the page).
 * Skipped without Debian's chromium, as RelationBrowserTest explains.
 */
@OnH2
@InChromium.Window("1280,1100")
class ConnectionBrowserTest extends InChromium {


    @LocalServerPort int port;
    @Autowired Employees employees;
    @Autowired Relations relations;
    @Autowired Samples samples;
    @Autowired MemoryPeers peers;
    @Autowired ConnectionStore connectionStore;
    @Autowired SyncRunner runner;

    @Test
    void aConnectionIsAddedSyncedInPlaceAndDeleted() throws IOException {
        Employee admin = employees.all().stream().filter(e -> e.login().equals(TestUsers.ADMIN)).findFirst().orElseThrow();
        Person anouk = samples.person("Anouk", "de", "Vries", admin.id());
        samples.person("Bram", "van", "Dijk", admin.id());
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        signIn(wait);

        browser.get(url("/connections"));
        new Select(browser.findElement(By.id("type"))).selectByValue("memory");
        browser.findElement(By.id("name")).sendKeys("Anouk's iPhone");
        browser.findElement(By.id("url")).sendKeys("contacts.icloud.com");
        browser.findElement(By.id("username")).sendKeys("admin@koppel.test");
        browser.findElement(By.id("secret")).sendKeys("abcd-efgh-ijkl-mnop");
        browser.findElement(By.cssSelector("#new-connection button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sync-now")));
        long id = Long.parseLong(browser.getCurrentUrl().replaceAll(".*/connections/(\\d+).*", "$1"));
        assertThat(browser.getPageSource()).doesNotContain("abcd-efgh-ijkl-mnop");

        assertThat(browser.findElement(By.id("sync-indicator")).isDisplayed()).as("shown only while syncing").isFalse();
        // survives only if Sync now swaps the report in instead of loading a new page
        js("window.koppelPageMarker = 'still here';");
        // the Content-Security-Policy forbids inline script and eval: htmx and js/koppel.js must work without
        js("window.cspViolations = []; document.addEventListener('securitypolicyviolation', "
                + "e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
                + "document.body.addEventListener('sync-started', () => window.koppelSyncStarted = true);");
        browser.findElement(By.cssSelector("#sync-now button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#sync-result .run-report")));
        assertThat(js("return window.koppelPageMarker")).isEqualTo("still here");
        assertThat(js("return window.koppelSyncStarted === true")).as("Sync now told the progress panel").isEqualTo(true);
        assertThat(js("return window.cspViolations")).asList().isEmpty();
        assertThat(js("return document.querySelectorAll('style').length")).as("htmx added no inline style").isEqualTo(0L);
        // at least: other tests on this database may have given the admin persons too
        assertThat(Integer.parseInt(browser.findElement(By.cssSelector("#sync-result .totals td.created")).getText()))
                .isGreaterThanOrEqualTo(2);
        assertThat(browser.findElements(By.cssSelector("#recent-runs tbody tr"))).hasSize(1);
        screenshot("connection-detail.png");

        // a conflict, so that the run page and the conflict log have something to show
        Person stored = (Person) relations.find(RelationKind.PERSON, anouk.id());
        relations.update(RelationKind.PERSON, stored.id(), stored.version(), withFirstName(stored, "Anouk-Koppel"),
                Origin.user(admin.id()));
        peers.of(id).userEdits("koppel-" + anouk.id(), ContactSlots.GIVEN_NAME, "Anouk-phone");
        browser.findElement(By.cssSelector("#sync-now button")).click();
        wait.until(d -> d.findElements(By.cssSelector("#recent-runs tbody tr")).size() == 2);
        browser.findElement(By.cssSelector("#recent-runs tbody tr:first-child a")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".run-report")));
        assertThat(browser.findElement(By.cssSelector(".run-report")).getText()).contains("Conflict", "first name changed on both sides");
        screenshot("run-report.png");

        browser.get(url("/connections/" + id + "/conflicts"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.conflicts")));
        screenshot("conflict-log.png");
        browser.findElement(By.cssSelector("table.conflicts button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".alert.notice")));
        assertThat(browser.findElement(By.cssSelector(".alert.notice")).getText()).contains("Restored 'Anouk-phone'");

        browser.get(url("/connections"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("new-connection")));
        screenshot("connections-list.png");

        // a run under way: the 409 answer is shown where the report would go
        browser.get(url("/connections/" + id));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sync-now")));
        long token = connectionStore.acquireLease(id, "another-node", "its-boot", Instant.now(), Instant.now().plusSeconds(600))
                .orElseThrow();
        try {
            browser.findElement(By.cssSelector("#sync-now button")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sync-result"), "under way"));
        } finally {
            connectionStore.releaseLease(id, token, Instant.now());
        }

        browser.findElement(By.cssSelector("button.danger")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.urlMatches(".*/connections$"));
        assertThat(browser.findElement(By.cssSelector(".alert.notice")).getText())
                .contains("deleted", "keep all their contacts");
        assertThat(connectionStore.find(id)).isEmpty();

        browser.get(url("/settings/sync"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("organisation-settings")));
        screenshot("sync-settings.png");
        browser.get(url("/settings/sync?employee=" + admin.id()));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("emp-direction")));
        screenshot("sync-settings-employee.png");
    }

    private static Person withFirstName(Person p, String firstName) {
        return new Person(p.id(), p.version(), p.initials(), firstName, p.callingName(), p.infix(), p.lastName(),
                p.birthDate(), p.gender(), p.salutation(), p.privateEmail(), p.privatePhone(), p.privateMobile(),
                p.contactRoles(), p.employeeId(), p.managerId(), p.ownerIds(), p.former(), p.relationTypes(),
                p.addresses(), p.comment(), p.customFields(), p.createdAt(), p.updatedAt(), p.deletedAt());
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private void signIn(WebDriverWait wait) {
        chromium.signIn(url("/connections"), TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD, wait);
        wait.until(ExpectedConditions.urlContains("/connections"));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** The whole page, kept in target/ for a person to look at; not an assertion. */
    private void screenshot(String name) throws IOException {
        chromium.screenshot(name);
    }
}
