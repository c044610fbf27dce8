package org.koppel.web.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.EmployeePreferences;
import org.koppel.crm.employee.Preferences;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.TestUsers;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Not a test: the screenshots of docs/ui.md (docs/ui/&lt;page&gt;-&lt;language&gt;-&lt;width&gt;.png) of the
 * main pages at 1400 and 400 px, in English and Dutch, on the tour's data. Its name keeps it out of
 * the normal test run; make them with {@code bin/ui-screenshots}.
 */
@OnH2
@Import(TourData.class)
@InChromium.Window("1400,900")
class UiScreenshots extends InChromium {

    static final Path FOLDER = Path.of("docs", "ui");
    static final List<String> LANGUAGES = List.of("en", "nl");
    static final List<Integer> WIDTHS = List.of(1400, 400);
    /** Long pages are cut here: the top of a page tells what it is for. */
    static final int MAX_HEIGHT = 2200;

    @LocalServerPort int port;
    @Autowired TourData data;
    @Autowired EmployeePreferences preferences;

    @Test
    void screenshotsOfTheMainPages() throws IOException {
        var seeded = data.seed("", port);
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("home", "/");
        pages.put("relations", "/relations");
        pages.put("organisation", "/relations/" + seeded.organisation());
        pages.put("person", "/relations/" + seeded.person());
        pages.put("person-form", "/relations/new?kind=person");
        pages.put("relation-import", "/relations/import");
        pages.put("groups", "/groups");
        pages.put("agenda", "/agenda");
        pages.put("connections", "/connections");
        pages.put("connection", "/connections/" + seeded.connection());
        pages.put("integrations", "/integrations");
        pages.put("employees", "/employees");
        pages.put("custom-fields", "/custom-fields");
        pages.put("sync-settings", "/settings/sync");
        pages.put("field-map", "/settings/field-map");
        pages.put("account", "/account");
        Files.createDirectories(FOLDER);

        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        chromium.signIn(url("/relations"), TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD, wait);
        wait.until(ExpectedConditions.urlContains("/relations"));
        for (String language : LANGUAGES) {
            preferences.set(seeded.admin().id(), new Preferences(language, null));
            for (var page : pages.entrySet()) shoot(page.getKey(), page.getValue(), language);
        }
        browser.manage().deleteAllCookies();
        for (String language : LANGUAGES) shoot("login", "/login?lang=" + language, language);
    }

    private void shoot(String name, String path, String language) throws IOException {
        for (int width : WIDTHS) {
            viewport(width, 900);
            browser.get(url(path));
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(d -> "complete".equals(browser.executeScript("return document.readyState")));
            long height = ((Number) browser.executeScript("return document.documentElement.scrollHeight")).longValue();
            viewport(width, (int) Math.min(Math.max(height, 600), MAX_HEIGHT));
            var shot = browser.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, FOLDER.resolve("%s-%s-%d.png".formatted(name, language, width)), StandardCopyOption.REPLACE_EXISTING);
        }
        viewport(1400, 900);
    }

    private void viewport(int width, int height) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
