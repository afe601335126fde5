package pw.fullstack.ephemeral.sandbox.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The distribution's Chromium, headless, driven through the distribution's chromedriver (Debian packages
 * {@code chromium} and {@code chromium-driver}, which .ci/run installs): nothing is downloaded. Other paths with
 * {@code -Dchromium.binary=...} and {@code -Dchromedriver.binary=...}.
 */
final class HeadlessChromium {

    private HeadlessChromium() {
    }

    static ChromeDriver start() {
        Path driver = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
        Path browser = Path.of(System.getProperty("chromium.binary", firstExisting("/usr/lib/chromium/chromium", "/usr/bin/chromium")));
        if (!Files.isExecutable(driver) || !Files.isExecutable(browser)) {
            throw new IllegalStateException("the browser tests need Chromium and its driver (" + browser + ", " + driver
                    + "): apt-get install chromium chromium-driver (.ci/run does), or point -Dchromium.binary and"
                    + " -Dchromedriver.binary at them");
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox will not start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--lang=en-US", "--no-first-run", "--disable-extensions");
        // the browser's console, read at the end of a test: no page error may go unnoticed
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return chrome;
    }

    /** Errors and warnings in the browser's console so far (a failed request, a script error, a CSP refusal). */
    static List<String> consoleProblems(ChromeDriver chrome) {
        return chrome.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::toString).toList();
    }

    private static String firstExisting(String... paths) {
        for (String path : paths) {
            if (new File(path).canExecute()) {
                return path;
            }
        }
        return paths[paths.length - 1];
    }
}
