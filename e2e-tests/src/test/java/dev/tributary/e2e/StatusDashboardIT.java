package dev.tributary.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.sql.ManagedDatabaseSetup;
import dev.tributary.e2e.Http.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The status view as ops people meet it: the dashboard in a real headless Chromium following a new integration
 * to {@code enabled} without a reload, and {@code ./tributary rebuild-view} folding the same view again from the
 * topic.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusDashboardIT extends EndToEndTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String DASHBOARD_DB = "dash_" + RUN;
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @BeforeAll
    static void makeTheScreenshotFolder() throws Exception {
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void dropWhatTheTestsCreated() throws Exception {
        dropManagedDatabase(DASHBOARD_DB);
    }

    @Test
    @Order(1)
    void theDashboardShowsANewIntegrationTurningEnabledWithoutAReload() throws Exception {
        assumeFalse("true".equals(System.getenv("TRIBUTARY_SKIP_BROWSER_TEST")), "TRIBUTARY_SKIP_BROWSER_TEST=true");
        Answer readerKey = http.gateway("POST", "/api-keys", "{\"name\": \"dashboard\", \"permissions\": [\"INTEGRATION_READ\"]}");
        assertEquals(201, readerKey.status(), readerKey.body().toString());
        WebDriver browser = chromium();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            browser.get("http://127.0.0.1:" + system.statusPort + "/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key"))).sendKeys(readerKey.text("key"));
            browser.findElement(By.id("sign-in")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("integrations")));
            wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
            ((JavascriptExecutor) browser).executeScript("window.sameDocument = true;");
            screenshot(browser, "1-signed-in");
            // the list is ordered by id, 50 to a page: by now the new integration need not be on the first page, so
            // the list is narrowed to its target first, as a user looking for it would
            browser.findElement(By.id("search")).sendKeys("127.0.0.71");
            wait.until(driver -> driver.findElements(By.cssSelector("#integrations tbody tr[data-id]")).isEmpty());

            Answer created = http.createAutomatic("127.0.0.71", DASHBOARD_DB);
            assertEquals(200, created.status(), created.body().toString());
            String id = created.text("id");

            By statusCell = By.cssSelector("#integrations tr[data-id='" + id + "'] td.status");
            wait.until(ExpectedConditions.presenceOfElementLocated(statusCell));
            wait.until(ExpectedConditions.textToBe(statusCell, "enabled"));
            assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.sameDocument === true;"),
                    "the page was reloaded");
            screenshot(browser, "2-enabled");

            // the list re-renders its rows as changes stream in, so a row found a moment ago may be replaced: look again
            By row = By.cssSelector("#integrations tr[data-id='" + id + "']");
            wait.ignoring(StaleElementReferenceException.class).until(page -> {
                page.findElement(row).click();
                return true;
            });
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail"), "OperationSucceeded"));
            String detail = browser.findElement(By.id("detail")).getText();
            assertTrue(detail.contains("Initial Validation: Basic Connection Test"), "the validation results are shown:\n" + detail);
            assertTrue(detail.contains("create-database"), "the timeline shows the setup steps:\n" + detail);
            assertTrue(detail.contains("version " + ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION), "the support objects' version is shown:\n" + detail);
            assertTrue(detail.contains("multi-database (a database of its own)"), "the database mode is shown:\n" + detail);
            assertTrue(browser.findElements(By.id("validate-now")).isEmpty(), "a reader's key is not offered validate now");
            screenshot(browser, "3-detail");

            browser.findElement(By.id("detail-close")).click();
            wait.until(driver -> driver.findElements(By.cssSelector("#integrations tbody tr[data-id]")).size() == 1);
            assertEquals(1, browser.findElements(By.cssSelector("#integrations tr[data-id='" + id + "']")).size());
            screenshot(browser, "4-search");
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(2)
    void anAdminValidatesAnIntegrationNowFromTheDashboard() throws Exception {
        assumeFalse("true".equals(System.getenv("TRIBUTARY_SKIP_BROWSER_TEST")), "TRIBUTARY_SKIP_BROWSER_TEST=true");
        String id = http.statusService("/integrations?q=127.0.0.71").body().get("items").get(0).get("id").asText();
        WebDriver browser = chromium();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            browser.get("http://127.0.0.1:" + system.statusPort + "/#/integrations/" + id);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key"))).sendKeys(system.adminKey());
            browser.findElement(By.id("sign-in")).click();
            // the detail re-renders as the periodic checks' events stream in: a button found a moment ago may be replaced
            wait.ignoring(StaleElementReferenceException.class).until(page -> {
                WebElement button = page.findElement(By.id("validate-now"));
                if (!button.isDisplayed() || !button.isEnabled()) {
                    return false;
                }
                button.click();
                return true;
            });
            String result = wait.ignoring(StaleElementReferenceException.class).until(page -> {
                List<WebElement> shown = page.findElements(By.id("validate-result"));
                return shown.isEmpty() || shown.get(0).getText().isEmpty() ? null : shown.get(0).getText();
            });
            assertTrue(result.startsWith("Validation passed: enabled"), result);
            assertTrue(!browser.getPageSource().contains(system.adminKey()), "the key is not written into the page");
            screenshot(browser, "5-validated");
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(3)
    void rebuildingTheViewFromTheTopicGivesTheSameView() throws Exception {
        system.run("stop", "api-gateway"); // no new operations or periodic checks while the two views are compared
        try {
            Map<String, JsonNode> before = settledView();
            assertTrue(before.size() >= 1, "the earlier tests left integrations to rebuild");
            // lose one integration from the view, so only a replay from the first event can bring it back; the
            // rows go while the service is down, since a running one may still hold the document in its cache
            String lost = before.keySet().iterator().next();
            String view = system.databasePrefix + "status_service";
            system.run("stop", "status-service");
            execute(view, "DELETE FROM timeline_event WHERE integration_id = '" + lost + "'");
            execute(view, "DELETE FROM integration_view WHERE id = '" + lost + "'");
            system.run("start", "status-service");
            assertEquals(404, http.statusService("/integrations/" + lost).status());

            system.run("rebuild-view");

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertEquals(before, everyView()));
        } finally {
            system.run("start", "api-gateway");
        }
    }

    /** The view once the work already under way has finished: two readings a few seconds apart agree. */
    private static Map<String, JsonNode> settledView() throws Exception {
        Map<String, JsonNode>[] last = new Map[]{everyView()};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(3)).until(() -> {
            Map<String, JsonNode> now = everyView();
            boolean settled = now.equals(last[0]);
            last[0] = now;
            return settled;
        });
        return last[0];
    }

    /** Every integration's view with its timeline, by id. */
    private static Map<String, JsonNode> everyView() throws Exception {
        Map<String, JsonNode> views = new LinkedHashMap<>();
        for (int offset = 0; ; offset += 100) {
            Answer page = http.statusService("/integrations?limit=100&offset=" + offset);
            assertEquals(200, page.status());
            List<String> ids = new ArrayList<>();
            page.body().get("items").forEach(item -> ids.add(item.get("id").asText()));
            for (String id : ids) {
                views.put(id, http.statusService("/integrations/" + id).body());
            }
            if (ids.size() < 100) {
                return views;
            }
        }
    }

    private static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1440,900",
                "--user-data-dir=" + system.home.resolve("chromium-" + UUID.randomUUID()));
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(driver, options);
    }

    private static void screenshot(WebDriver browser, String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
