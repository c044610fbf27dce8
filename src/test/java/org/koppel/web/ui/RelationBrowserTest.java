package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.koppel.crm.Change;
import org.koppel.crm.Change.Operation;
import org.koppel.crm.Origin;
import org.koppel.crm.RecordType;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.Employees;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationQuery;
import org.koppel.crm.relation.Relations;
import org.koppel.store.ChangeLogStore;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.koppel.testkit.TestUsers;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The UI in a real browser: headless Chromium driven by Selenium, against the running server.
 * Uses Debian's chromium and chromedriver so that nothing is downloaded; without them the test
 * is skipped on a workstation and fails on CI, where a skipped browser test would hide breakage.
 */
@OnH2
@InChromium.Window("1280,900")
class RelationBrowserTest extends InChromium {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");


    @LocalServerPort int port;
    @Autowired Relations relations;
    @Autowired ChangeLogStore changeLog;
    @Autowired Employees employees;
    @Autowired Samples samples;

    @Test
    void personIsCreatedFoundAndEditedThroughTheBrowser() throws IOException {
        Employee admin = employees.all().stream().filter(e -> e.login().equals(TestUsers.ADMIN)).findFirst().orElseThrow();
        long colleague = samples.employee("wessel");
        samples.organisation("Bakkerij De Korenschoof", colleague);
        samples.person("Anouk", "de", "Vries", colleague);
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));

        signIn(wait);
        screenshot("relations-list.png");

        browser.findElement(By.linkText("New person")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("lastName")));
        browser.findElement(By.id("firstName")).sendKeys("Bram");
        browser.findElement(By.id("infix")).sendKeys("van");
        browser.findElement(By.id("lastName")).sendKeys("Zeldzaamhuis");
        browser.findElement(By.id("privateEmail")).sendKeys("bram@zeldzaamhuis.nl");
        new Select(browser.findElement(By.id("gender"))).selectByVisibleText("Male");
        browser.findElement(By.cssSelector(".form-actions button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("h1 > span"), "Bram van Zeldzaamhuis"));

        browser.get(url("/relations"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("q")));
        // survives only if live search swaps the table in place instead of loading a new page
        ((JavascriptExecutor) browser).executeScript("window.koppelPageMarker = 'still here';");
        browser.findElement(By.id("q")).sendKeys("zeldzaam");
        wait.until(ExpectedConditions.urlContains("q=zeldzaam"));
        wait.until(d -> d.findElements(By.cssSelector("#results tbody tr")).size() == 1);
        assertThat(((JavascriptExecutor) browser).executeScript("return window.koppelPageMarker")).isEqualTo("still here");
        WebElement found = browser.findElement(By.cssSelector("#results tbody tr td a"));
        assertThat(found.getText()).isEqualTo("Bram van Zeldzaamhuis");

        found.click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("h1 > span"), "Bram van Zeldzaamhuis"));
        browser.findElement(By.cssSelector("#sync-flag button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#sync-flag button"), "In my address book"));
        screenshot("relation-detail.png");

        browser.findElement(By.linkText("Edit")).click();
        WebElement lastName = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("lastName")));
        lastName.clear();
        lastName.sendKeys("Zeldzaamhof");
        browser.findElement(By.cssSelector(".form-actions button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("h1 > span"), "Bram van Zeldzaamhof"));
        assertThat(browser.findElement(By.cssSelector(".alert.notice")).getText()).isEqualTo("Changes saved.");

        List<Relation> stored = relations.search(new RelationQuery(null, "zeldzaam", null, null, null, null, null, false,
                null, null, 0, 10)).items();
        assertThat(stored).singleElement().isInstanceOfSatisfying(Person.class, p -> {
            assertThat(p.lastName()).isEqualTo("Zeldzaamhof");
            assertThat(p.privateEmail()).isEqualTo("bram@zeldzaamhuis.nl");
            assertThat(p.managerId()).isEqualTo(admin.id());
            assertThat(relations.isSyncFlagged(p.id(), admin.id())).isTrue();
        });
        List<Change> history = changeLog.forRecord(RecordType.PERSON, stored.getFirst().id(), 10);
        assertThat(history).extracting(Change::operation)
                .containsExactly(Operation.UPDATE, Operation.UPDATE, Operation.CREATE);
        assertThat(history.getFirst().fields()).containsExactly("lastName");
        assertThat(history.get(1).fields()).containsExactly("syncFlag");
        assertThat(history).allSatisfy(c -> assertThat(c.origin()).isEqualTo(Origin.user(admin.id())));
    }

    @Test
    void expiredSessionDuringLiveSearchShowsTheSignInPage() {
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        signIn(wait);

        browser.manage().deleteCookieNamed("JSESSIONID");
        browser.findElement(By.id("q")).sendKeys("anything");

        // the whole page, not just the results table, must become the sign-in page
        wait.until(ExpectedConditions.titleIs("Sign in · Koppel"));
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        assertThat(browser.findElements(By.id("filters"))).isEmpty();
    }

    private void signIn(WebDriverWait wait) {
        chromium.signIn(url("/relations"), TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD, wait);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("filters")));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** Kept in target/ for a person to look at; not an assertion. */
    private static void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
