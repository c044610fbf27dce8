package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.runtime.Connection;
import org.koppel.store.ConnectionStore;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.TestUsers;
import org.koppel.testkit.source.SourceServer;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The document's "Stap voor stap" in headless Chromium against the reference source server: Integrations,
 * Activate, office number and API key, the relation types mapped, Synchronise, the run's report.
 * Skipped without Debian's chromium, as RelationBrowserTest explains.
 */
@OnH2
@InChromium.Window("1280,1100")
class SourceActivationBrowserTest extends InChromium {


    @LocalServerPort int port;
    @Autowired ConnectionStore connectionStore;

    SourceServer source;
    final String key = "key-" + UUID.randomUUID();
    final String tag = UUID.randomUUID().toString().substring(0, 6);

    @BeforeEach
    void startSource() {
        source = SourceServer.start("1001", key);
        source.seed(30);
    }

    @AfterEach
    void stopSource() {
        source.close();
    }

    @Test
    void anAdminActivatesASourceSystemStepByStepAndItsFirstRunImports() throws IOException {
        var wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        signIn(wait);

        browser.get(url("/integrations"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("integration-source")));
        screenshot("integrations.png");
        browser.findElement(By.cssSelector("#integration-source a.button")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("activate-source")));
        browser.findElement(By.id("name")).clear();
        browser.findElement(By.id("name")).sendKeys("Dossiers " + tag);
        browser.findElement(By.id("url")).sendKeys(source.baseUrl().toString());
        browser.findElement(By.id("office")).sendKeys("1001");
        browser.findElement(By.id("secret")).sendKeys(key);
        screenshot("source-activation.png");
        browser.findElement(By.id("activate-source")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("synchronise")));
        long id = Long.parseLong(browser.getCurrentUrl().replaceAll(".*/integrations/source/(\\d+)/mapping.*", "$1"));
        assertThat(browser.findElement(By.cssSelector("table.mapping")).getText()).contains("Cliënt", "Wederpartij");
        browser.findElement(By.id("relationType.1")).sendKeys("Client " + tag);
        browser.findElement(By.id("relationType.2")).sendKeys("Opposing party " + tag);
        screenshot("source-mapping.png");
        browser.findElement(By.id("synchronise")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".run-report")));
        assertThat(browser.getCurrentUrl()).matches(".*/connections/" + id + "/runs/\\d+");
        assertThat(browser.findElement(By.cssSelector(".run-report")).getText()).contains("Succeeded");
        assertThat(Integer.parseInt(browser.findElement(By.cssSelector(".totals td.created")).getText())).isPositive();
        screenshot("source-first-run.png");
        assertThat(browser.getPageSource()).doesNotContain(key);

        Connection c = connectionStore.find(id).orElseThrow();
        assertThat(c.status()).isEqualTo(Connection.Status.ACTIVE);
        assertThat(c.settings()).containsEntry("relationType.1", "Client " + tag)
                .containsEntry("relationType.2", "Opposing party " + tag).doesNotContainKey("relationType.3");
    }

    private void signIn(WebDriverWait wait) {
        chromium.signIn(url("/integrations"), TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD, wait);
        wait.until(ExpectedConditions.urlContains("/integrations"));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** The whole page, kept in target/ for a person to look at; not an assertion. */
    private void screenshot(String name) throws IOException {
        chromium.screenshot(name);
    }
}
