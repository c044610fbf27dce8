package org.koppel.testkit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium and ChromeDriver for browser tests, never a downloaded browser. Missing ones
 * skip the test on a workstation and fail it on CI, where a skipped browser test would hide breakage.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** @param windowSize e.g. "1280,900" */
    public static HeadlessChromium start(String windowSize) throws IOException {
        if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
            String missing = "browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (Debian packages chromium and chromium-driver)";
            if (System.getenv("CI") != null) fail(missing);
            assumeTrue(false, missing + "; skipped");
        }
        Path profile = Files.createTempDirectory("koppel-chromium-");
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // Without the background-networking switches Chromium keeps calling home, which this network refuses.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=" + windowSize, "--user-data-dir=" + profile.toAbsolutePath());
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
        return new HeadlessChromium(new ChromeDriver(service, options), profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /**
     * Forgets every cookie, opens {@code pageUrl} (a protected page, or the login page itself), waits for the
     * login form and signs in through it. The caller then waits for the page it expects.
     */
    public void signIn(String pageUrl, String username, String password, WebDriverWait wait) {
        driver.manage().deleteAllCookies();
        driver.get(pageUrl);
        wait.until(ExpectedConditions.urlContains("/login"));
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("form.card button[type=submit]")).click();
    }

    /**
     * Tallest window a screenshot stretches to: a page listing thousands of rows (the shared test database holds
     * other tests' connections, 2,000 from one fan-out test) made Chromium time out resizing to 154,767 px.
     */
    static final int MAX_SCREENSHOT_HEIGHT = 8_000;

    /** The whole page (the window stretched to its height, at most 8,000 px), kept in target/screenshots for a person to look at. */
    public void screenshot(String name) throws IOException {
        Path folder = Path.of("target", "screenshots");
        Files.createDirectories(folder);
        Dimension window = driver.manage().window().getSize();
        long height = ((Number) driver.executeScript("return document.documentElement.scrollHeight")).longValue();
        driver.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(MAX_SCREENSHOT_HEIGHT, Math.max(height + 120, window.getHeight()))));
        try {
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            driver.manage().window().setSize(window);
        }
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
