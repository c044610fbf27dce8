package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.testkit.LoggedMails.PNG;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.Employees;
import org.koppel.testkit.LoggedMails;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.koppel.testkit.TestUsers;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A logged mail whose stored HTML carries script (as if the sanitiser had let it through: it is
 * written straight into the store) shows in a real browser without any of it running, framed in its
 * page and opened on its own; its cid: image still shows.
 */
@OnH2
@InChromium.Window("1280,900")
class MailBrowserTest extends InChromium {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Each way in sets the title (and, where it can reach, a variable of the page around it). */
    private static final String HOSTILE = "<html><head><title>untouched</title></head><body><p id=\"hello\">Hello Anna</p>"
            + "<script>document.title='pwned by script';try{parent.koppelPwned='script'}catch(e){}</script>"
            + "<img src=\"x\" onerror=\"document.title='pwned by onerror';try{parent.koppelPwned='onerror'}catch(e){}\">"
            + "<svg><animate onbegin=\"document.title='pwned by svg'\" attributeName=\"x\" dur=\"1s\"/></svg>"
            + "<img id=\"logo\" src=\"cid:logo@acme\"></body></html>";


    @LocalServerPort int port;
    @Autowired Samples samples;
    @Autowired Employees employees;
    @Autowired LoggedMails mails;

    @Test
    void theProbeRunsWhereNothingStopsIt() {
        // the control: the same HTML as a page of its own, with no policy and no sandbox, does run
        browser.get("data:text/html;charset=utf-8," + URLEncoder.encode(HOSTILE, StandardCharsets.UTF_8).replace("+", "%20"));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getTitle().startsWith("pwned"));
    }

    @Test
    void scriptInAMailsStoredHtmlRunsNeitherInItsFrameNorOpenedOnItsOwnAndItsInlineImageShows() throws IOException {
        long anna = samples.person("Anna", null, "Hostile", UiUsers.admin(employees).id()).id();
        long id = mails.mail().subject("Hostile mail").html(HOSTILE).inlineImage("logo@acme", "image/png", PNG).under(anna).log();
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        chromium.signIn(url("/mails/" + id), TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD, wait);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("iframe.mail-body")));

        wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.cssSelector("iframe.mail-body")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("hello")));
        WebElement logo = browser.findElement(By.id("logo"));
        wait.until(d -> logo.getDomProperty("complete").equals("true"));
        String titleInFrame = browser.findElement(By.tagName("title")).getDomProperty("textContent");
        long logoWidth = Long.parseLong(logo.getDomProperty("naturalWidth"));
        browser.switchTo().defaultContent();
        screenshot("mail.png");

        assertThat(titleInFrame).isEqualTo("untouched");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.koppelPwned")).isNull();
        assertThat(browser.getTitle()).isEqualTo("Hostile mail · Koppel");
        assertThat(logoWidth).as("the cid: image loads from its inline address").isEqualTo(1);

        // opened on its own, outside the frame's sandbox: its own policy still runs nothing
        browser.get(url("/mails/" + id + "/body"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("hello")));
        assertThat(browser.findElement(By.tagName("title")).getDomProperty("textContent")).isEqualTo("untouched");
        assertThat(browser.getTitle()).isEqualTo("untouched");
    }

    @Test
    void moreMailAddsTheOlderMailsToARelationsTimelineInPlace() {
        long bram = samples.person("Bram", null, "Timeline", UiUsers.admin(employees).id()).id();
        for (int day = 1; day <= 12; day++) {
            mails.mail().subject("Mail of day " + day).sentAt(java.time.Instant.parse("2026-10-%02dT09:00:00Z".formatted(day)))
                    .under(bram).log();
        }
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        chromium.signIn(url("/relations/" + bram), TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD, wait);
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#mails li.mail"), 10));
        ((JavascriptExecutor) browser).executeScript("window.koppelPageMarker = 'still here';");

        browser.findElement(By.cssSelector("#mails li.more a")).click();

        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#mails li.mail"), 12));
        assertThat(browser.findElements(By.cssSelector("#mails li.more"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#mails li.mail a.subject")).getLast().getText()).isEqualTo("Mail of day 1");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.koppelPageMarker")).isEqualTo("still here");
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
