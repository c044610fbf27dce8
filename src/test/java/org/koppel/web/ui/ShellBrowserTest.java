package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.TestUsers;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The layout in a browser: the skip link, the navigation folded on a phone, the error summary taking the focus. */
@OnH2
@InChromium.Window("1280,900")
class ShellBrowserTest extends InChromium {

    @LocalServerPort int port;

    private WebDriverWait signedIn(int width) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", false));
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        chromium.signIn("http://localhost:" + port + "/relations", TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD, wait);
        wait.until(ExpectedConditions.urlContains("/relations"));
        return wait;
    }

    private WebElement focused() {
        return (WebElement) browser.executeScript("return document.activeElement");
    }

    @Test
    void theFirstTabReachesTheSkipLinkWhichLeadsPastTheNavigation() {
        signedIn(1280);

        new Actions(browser).sendKeys(Keys.TAB).perform();
        WebElement skip = focused();
        assertThat(skip.getAttribute("class")).isEqualTo("skip-link");
        assertThat(skip.isDisplayed()).as("shown once focused").isTrue();
        skip.sendKeys(Keys.ENTER);

        assertThat(browser.getCurrentUrl()).endsWith("#main");
        assertThat(focused().getTagName()).isEqualTo("main");
    }

    @Test
    void onAPhoneTheNavigationFoldsBehindTheMenuButton() {
        var wait = signedIn(400);
        WebElement menu = browser.findElement(By.cssSelector(".menu-button"));
        WebElement relations = browser.findElement(By.cssSelector("#site-nav a[href='/relations']"));

        assertThat(menu.isDisplayed()).isTrue();
        assertThat(relations.isDisplayed()).isFalse();
        assertThat(menu.getAttribute("aria-expanded")).isEqualTo("false");

        menu.click();
        wait.until(ExpectedConditions.visibilityOf(relations));
        assertThat(menu.getAttribute("aria-expanded")).isEqualTo("true");
        assertThat(relations.getAttribute("aria-current")).isEqualTo("page");
        assertThat((Boolean) browser.executeScript(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth")).isTrue();

        menu.click();
        wait.until(ExpectedConditions.invisibilityOf(relations));
    }

    @Test
    void wideTheNavigationShowsWithoutAMenuButton() {
        signedIn(1280);

        assertThat(browser.findElement(By.cssSelector(".menu-button")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.cssSelector("#site-nav a[href='/agenda']")).isDisplayed()).isTrue();
    }

    @Test
    void aFormThatCameBackWithProblemsPutsTheFocusOnTheirSummaryWhoseLinksLeadToTheInputs() {
        var wait = signedIn(1280);
        browser.get("http://localhost:" + port + "/account/password");
        browser.findElement(By.id("currentPassword")).sendKeys("not the password");
        browser.findElement(By.id("newPassword")).sendKeys("short");
        browser.findElement(By.id("repeatPassword")).sendKeys("short");
        browser.findElement(By.cssSelector("form.card button[type=submit]")).click();

        WebElement summary = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".error-summary")));
        wait.until(d -> summary.equals(focused()));
        assertThat(summary.getAttribute("role")).isEqualTo("alert");
        WebElement link = summary.findElement(By.cssSelector("a[href='#newPassword']"));
        assertThat(link.getText()).contains("at least 10 characters");
        assertThat(browser.findElement(By.id("newPassword")).getAttribute("aria-describedby"))
                .isEqualTo("newPassword-hint newPassword-problem-0");

        link.click();
        assertThat(focused().getAttribute("id")).isEqualTo("newPassword");
    }
}
