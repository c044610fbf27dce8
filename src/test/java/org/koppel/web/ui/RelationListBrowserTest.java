package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.relation.RelationQuery;
import org.koppel.crm.relation.Relations;
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
 * The relation list's bulk bar and the CSV import in a phone-wide Chromium (400 px): selecting all
 * relations of a filter (more than a page) and handing them to a colleague, and an import's dry run.
 */
@OnH2
@InChromium.Window("400,900")
class RelationListBrowserTest extends InChromium {

    @LocalServerPort int port;
    @Autowired Relations relations;
    @Autowired Samples samples;

    @Test
    void selectAllMatchingThenReassignHandsALeaversFiftyFiveRelationsToAColleague() {
        String token = "zb" + Long.toString(System.nanoTime(), 36);
        long leaver = samples.employee("leaver");
        long colleague = samples.employee("colleague");
        for (int i = 0; i < 55; i++) {
            relations.create(Samples.person("P" + i, null, token, leaver, List.of()), Origin.system());
        }
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        chromium.signIn(url("/relations"), TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD, wait);
        browser.get(url("/relations?manager=" + leaver));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("select-all-matching")));

        browser.findElement(By.cssSelector(".row-select")).click();
        wait.until(ExpectedConditions.textToBe(By.id("bulk-count"), "1 selected"));
        browser.findElement(By.id("select-all-matching")).click();
        wait.until(ExpectedConditions.textToBe(By.id("bulk-count"), "All 55 matching this filter are selected"));
        assertThat(browser.findElements(By.cssSelector(".row-select:checked"))).hasSize(25);

        new Select(browser.findElement(By.id("bulk-action"))).selectByValue("reassign-manager");
        assertThat(browser.findElement(By.id("bulk-group")).isDisplayed()).as("a group is not asked for here").isFalse();
        new Select(browser.findElement(By.id("bulk-employee"))).selectByValue(String.valueOf(colleague));
        var apply = browser.findElement(By.id("bulk-apply"));
        long right = ((Number) ((JavascriptExecutor) browser).executeScript(
                "return arguments[0].getBoundingClientRect().right;", apply)).longValue();
        long width = ((Number) ((JavascriptExecutor) browser).executeScript("return window.innerWidth;")).longValue();
        assertThat(right).as("the bulk bar's button fits a 400 px screen").isLessThanOrEqualTo(width);
        apply.click();

        wait.until(ExpectedConditions.textToBe(By.id("bulk-summary"), "55 changed, 0 already as asked, 0 refused."));
        assertThat(relations.search(new RelationQuery(null, token, null, null, colleague, null, null, false, null, null,
                0, 10)).total()).isEqualTo(55);
        assertThat(relations.search(new RelationQuery(null, null, null, null, leaver, null, null, false, null, null,
                0, 10)).total()).isZero();
    }

    @Test
    void importDryRunListsTheRowsThatWouldFailBeforeAnythingIsStored() throws Exception {
        String token = "zc" + Long.toString(System.nanoTime(), 36);
        Path csv = Files.createTempFile("koppel-import", ".csv");
        Files.writeString(csv, "\uFEFFNaam;E-mail;Plaats\r\nAnna Smit " + token + ";anna-" + token
                + "@example.nl;Gouda\r\nBen Bos " + token + ";geen-mail;Delft\r\n", StandardCharsets.UTF_8);
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        chromium.signIn(url("/relations"), TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD, wait);
        browser.get(url("/relations"));
        browser.findElement(By.id("import-link")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("file")));
        browser.findElement(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
        browser.findElement(By.cssSelector("form.form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("dry-run")));
        assertThat(new Select(browser.findElement(By.id("map-0"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("name");
        assertThat(new Select(browser.findElement(By.id("map-2"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("city");

        browser.findElement(By.id("dry-run")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-problems")));
        assertThat(browser.findElement(By.id("import-summary")).getText()).isEqualTo("1 rows would be created, 1 not.");
        assertThat(browser.findElement(By.id("import-problems")).getText()).contains("3", "E-mail", "Ben Bos");
        assertThat(relations.search(new RelationQuery(null, token, null, null, null, null, null, false, null, null,
                0, 10)).total()).isZero();
        Files.deleteIfExists(csv);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
