package pw.fullstack.ephemeral.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.sandbox.board.Stage;
import pw.fullstack.ephemeral.sandbox.infra.Sandbox;

/**
 * The console in a real browser (headless Chromium): a PR opened through GitHub's stand-in appears on the open page
 * and becomes READY without a reload, the keyboard reaches its timeline, and when it closes the pool gets its
 * addresses back on the page. Nothing goes to the browser's console meanwhile. Saves a screenshot
 * ({@code sandbox/target/e2e-console/console.png}; the README shows a copy, docs/console.png).
 */
class ConsoleIT {

    private static final Duration STEP = SagaDriver.STEP;
    private static final String REPOSITORY = "fullstack-pw/demo-apps";

    @Test
    void aPrAppearsBecomesReadyAndGivesItsAddressesBackOnTheOpenPageWithoutAReload() throws Exception {
        try (Sandbox sandbox = TestSandboxes.start("console", settings -> settings)) {
            ChromeDriver browser = HeadlessChromium.start();
            try {
                String console = sandbox.consoleUrl().orElseThrow().toString();
                browser.get(console);
                // headings and labels a screen reader announces
                assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Ephemeral environments");
                assertThat(browser.findElements(By.tagName("h2"))).extracting(WebElement::getText)
                        .contains("Environments", "Address pool");
                for (WebElement select : browser.findElements(By.tagName("select"))) {
                    assertThat(browser.findElements(By.cssSelector("label[for='" + select.getAttribute("id") + "']")))
                            .as("label of " + select.getAttribute("id")).hasSize(1);
                }
                int freeAtStart = freeBlocks(browser);
                // a page that is reloaded loses this mark
                browser.executeScript("window.notReloaded = true;");

                SagaDriver saga = new SagaDriver(sandbox);
                EventEnvelope<PrOpened> run = saga.open(REPOSITORY, 301);
                String cluster = run.subject();
                By row = By.cssSelector("tr[data-cluster='" + cluster + "']");
                waitFor(browser, "the PR's row", b -> !b.findElements(row).isEmpty());
                waitFor(browser, "the PR READY", b -> "READY".equals(b.findElement(row).getAttribute("data-state")));
                waitFor(browser, "its addresses held in the pool", b -> freeBlocks(b) == freeAtStart - 1);
                assertThat(browser.executeScript("return window.notReloaded === true;")).as("no reload").isEqualTo(true);
                WebElement readyRow = browser.findElement(row);
                assertThat(readyRow.getText()).contains(REPOSITORY + "#301").contains("https://");
                assertThat(browser.getPageSource()).as("no kubeconfig location on the page")
                        .doesNotContain("ephemeral-clusters/" + cluster + "/kubeconfig");
                Path screenshot = sandbox.settings().workDirectory().resolve("console.png");
                Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));

                // the keyboard alone: Tab to the PR's link, Enter opens its timeline
                WebElement link = tabTo(browser, "/timeline/" + cluster);
                assertThat(link.getAccessibleName()).isEqualTo("Timeline of " + REPOSITORY + "#301");
                new Actions(browser).sendKeys(Keys.ENTER).perform();
                waitFor(browser, "the timeline page", b -> b.getCurrentUrl().endsWith("/timeline/" + cluster));
                assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Timeline of " + REPOSITORY + "#301");
                List<String> events = browser.findElements(By.cssSelector("#timeline tbody th")).stream()
                        .map(WebElement::getText).toList();
                assertThat(events).startsWith("PrOpened", "IpAllocated", "ClusterReady").contains("PhasesInstalled");
                assertThat(browser.findElements(By.tagName("h2"))).extracting(WebElement::getText)
                        .anyMatch(h -> h.startsWith("Run ") && h.contains("(latest)")).contains("Dead-lettered records");

                // back to the overview; the PR closes and its addresses come back to the pool on the open page
                browser.navigate().back();
                waitFor(browser, "the overview again", b -> !b.findElements(row).isEmpty());
                browser.executeScript("window.notReloaded = true;");
                saga.close(run);
                saga.awaitStage(run, Stage.RELEASED);
                waitFor(browser, "the PR RELEASED", b -> "RELEASED".equals(b.findElement(row).getAttribute("data-state")));
                waitFor(browser, "its addresses free again", b -> freeBlocks(b) == freeAtStart);
                assertThat(browser.executeScript("return window.notReloaded === true;")).as("no reload").isEqualTo(true);

                assertThat(HeadlessChromium.consoleProblems(browser)).as("the browser's console").isEmpty();
            } finally {
                browser.quit();
            }
        }
    }

    /** The free blocks the pool section shows ({@code <strong>N</strong> of M blocks free}); -1 while unknown. */
    private static int freeBlocks(org.openqa.selenium.WebDriver browser) {
        List<WebElement> free = browser.findElements(By.cssSelector("#pool strong"));
        return free.isEmpty() ? -1 : Integer.parseInt(free.get(0).getText().trim());
    }

    /** Tab from the top of the page until the PR's link (the one to {@code path}) has the focus. */
    private static WebElement tabTo(ChromeDriver browser, String path) {
        browser.executeScript("document.activeElement && document.activeElement.blur();");
        for (int i = 0; i < 60; i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
            WebElement active = browser.switchTo().activeElement();
            String href = active.getAttribute("href");
            if ("a".equals(active.getTagName()) && href != null && href.endsWith(path)
                    && active.getAttribute("class").contains("pr")) {
                return active;
            }
        }
        throw new AssertionError("Tab never reached the link to " + path);
    }

    private static void waitFor(ChromeDriver browser, String what,
                                java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        new WebDriverWait(browser, STEP).withMessage(what)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(NumberFormatException.class)
                .until(condition::apply);
    }
}
