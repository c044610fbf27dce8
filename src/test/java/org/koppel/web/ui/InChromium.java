package org.koppel.web.ui;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.koppel.testkit.HeadlessChromium;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A browser test class: one headless Chromium for the whole class, started before its first test
 * and closed after its last, at the window size its {@link Window} says. Test classes run one after
 * another in one JVM, so the browser can be a static the subclasses share.
 */
@ExtendWith(InChromium.Browser.class)
abstract class InChromium {

    static HeadlessChromium chromium;
    static ChromeDriver browser;

    /** The browser window, "width,height". */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Window {
        String value();
    }

    static final class Browser implements BeforeAllCallback, AfterAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            Window window = context.getRequiredTestClass().getAnnotation(Window.class);
            chromium = HeadlessChromium.start(window == null ? "1280,900" : window.value());
            browser = chromium.driver();
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            if (chromium != null) chromium.close();
            chromium = null;
            browser = null;
        }
    }
}
