package io.tollgrid.ops.console;

import io.tollgrid.localcluster.FreePorts;
import io.tollgrid.ops.stack.DemoData;
import io.tollgrid.ops.stack.LocalStack;
import io.tollgrid.ops.stack.StackSettings;
import io.vertx.core.json.JsonObject;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The web console in a real browser (Debian's chromium, headless, driven by Selenium through chromium-driver)
 * against the whole local stack: a tenant logs in with its API key, opens its account, runs a usage report,
 * downloads it as Excel and the workbook reads back with the call in it, finds the call in the CDR search, lists
 * its customers, tops up a customer of a tenant below it from its wallet, and cannot open another tenant's account; the operator logs in with the admin key and sees a call in progress
 * appear on the NOC page, and leave it once stopped. The browser is a requirement (ops/switch/setup.sh installs
 * it): without it this test fails, it never skips.
 */
class ConsoleBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String RIVAL_KEY = "rival-tenant-key-0001";
    static final String RIVAL_ACCOUNT = "rival-2000";
    static final String CUSTOMER = "shop-3000";
    static final Duration WAIT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aTenantReportsAndExportsAndTheOperatorSeesCallsLive() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the console's browser test needs Debian's chromium and chromium-driver: run ops/switch/setup.sh");
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "console-");
        StackSettings settings = new StackSettings(dir, FreePorts.next(), FreePorts.next(), FreePorts.nextRange(10),
                FreePorts.nextRange(50), FreePorts.nextRange(3), "console-test-admin-key-0001");
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        try (LocalStack stack = LocalStack.start(settings)) {
            String url = stack.gatewayUrl();
            DemoData.load(url, settings.adminKey());
            // Another tenant with an account of its own, which the demo tenant must not reach through the console.
            admin(url, settings.adminKey(), "/admin/tenants", "{\"tenantId\":\"rival\",\"name\":\"Rival Ltd\",\"apiKey\":\""
                    + RIVAL_KEY + "\"}");
            admin(url, settings.adminKey(), "/admin/accounts", "{\"tenantId\":\"rival\",\"accountId\":\"" + RIVAL_ACCOUNT
                    + "\",\"currency\":\"EUR\",\"ratePlanId\":\"demo-flat\",\"balance\":\"77.00\"}");
            // The demo tenant as a reseller: a customer tenant below it with one account, and demo-1002 (postpaid,
            // 25.00 of credit) as the wallet its top-ups of customers are paid from.
            admin(url, settings.adminKey(), "/admin/tenants", "{\"tenantId\":\"demo-shop\",\"name\":\"Demo Shop\","
                    + "\"apiKey\":\"demo-shop-key-000001\",\"parentId\":\"" + DemoData.TENANT + "\"}");
            admin(url, settings.adminKey(), "/admin/accounts", "{\"tenantId\":\"demo-shop\",\"accountId\":\"" + CUSTOMER
                    + "\",\"currency\":\"EUR\",\"ratePlanId\":\"demo-flat\",\"balance\":\"1.00\"}");
            admin(url, settings.adminKey(), "/admin/tenants", "{\"tenantId\":\"" + DemoData.TENANT + "\",\"name\":\"Demo Telecom\","
                    + "\"apiKey\":\"" + DemoData.TENANT_API_KEY + "\",\"walletAccount\":\"demo-1002\"}");
            // One finished call on the demo account: 95 s on 30/6 costs 0.037.
            call(url, "console-call-1", 95);

            WebDriver browser = browser(downloads);
            try {
                Waiter wait = new Waiter(browser);
                browser.get(url + "/console/");
                wait.until(visible("login-page"));

                // A tenant key is refused as the operator's, and accepted as a tenant's.
                logIn(browser, "admin", DemoData.TENANT_API_KEY);
                wait.until(d -> d.findElement(By.id("status")).getText().contains("not accepted"));
                assertTrue(browser.findElement(By.id("login-page")).isDisplayed(), "still on the login page");
                logIn(browser, "tenant", DemoData.TENANT_API_KEY);
                wait.until(visible("portal-page"));
                assertFalse(browser.findElement(By.id("nav-noc")).isDisplayed(), "a tenant has no NOC page");

                // Its account: balance after the call.
                openAccount(browser, DemoData.FUNDED_ACCOUNT);
                wait.until(d -> d.findElement(By.id("balance-balance")).getText().equals("9.963000 EUR"));

                // The usage report of today (UTC), once the rollup holds the call (it trails by about 2 s).
                String today = LocalDate.now(ZoneOffset.UTC).toString();
                setDate(browser, "report-from", today);
                setDate(browser, "report-to", today);
                type(browser, "report-zone", "UTC");
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                String calls = "";
                while (!calls.equals("1") && System.nanoTime() < deadline) {
                    browser.findElement(By.id("report-run")).click();
                    Thread.sleep(700);
                    calls = String.valueOf(browser.findElement(By.id("report")).getAttribute("data-calls"));
                }
                assertEquals("1", calls, "the report counts the call: " + status(browser));
                assertTrue(browser.findElement(By.id("report-total")).getText().contains("0.037000"),
                        browser.findElement(By.id("report-total")).getText());
                assertEquals(1, browser.findElements(By.cssSelector("#chart-by-day rect.bar")).size(), "one day charted");

                // Excel: the downloaded workbook reads back with the tenant's name and the call's cost.
                browser.findElement(By.id("report-xlsx")).click();
                Path xlsx = awaitDownload(downloads, ".xlsx");
                Map<String, List<List<String>>> workbook = read(xlsx);
                assertTrue(workbook.values().stream().flatMap(List::stream).flatMap(List::stream)
                        .anyMatch("Demo Telecom"::equals), "the workbook names the tenant: " + workbook);
                List<List<String>> total = workbook.get("Total");
                assertTrue(total != null && total.stream().anyMatch(row -> row.size() > 6 && row.get(6).equals("EUR")
                        && row.get(1).equals("1") && new java.math.BigDecimal(row.get(5)).compareTo(new java.math.BigDecimal("0.037")) == 0),
                        "the Total sheet has one call costing 0.037: " + total);

                // The CDR search finds the call; its CSV export downloads.
                browser.findElement(By.id("cdr-search")).click();
                wait.until(d -> d.findElement(By.id("cdr-table")).getText().contains("console-call-1"));
                assertTrue(browser.findElement(By.id("cdr-count")).getText().startsWith("1 calls on this page"),
                        browser.findElement(By.id("cdr-count")).getText());
                browser.findElement(By.id("cdr-export")).click();
                Path csv = awaitDownload(downloads, ".csv");
                assertTrue(Files.readString(csv).contains("console-call-1"), "the CSV export holds the call");

                // The reseller's customers: its own accounts' usage, each one opened from there.
                browser.findElement(By.id("nav-customers")).click();
                wait.until(visible("customers-page"));
                setDate(browser, "customers-from", today);
                setDate(browser, "customers-to", today);
                browser.findElement(By.id("customers-run")).click();
                wait.until(d -> d.findElement(By.id("customers-table")).getText().contains(DemoData.FUNDED_ACCOUNT));
                browser.findElement(By.cssSelector("#customers-table button")).click();
                wait.until(visible("portal-page"));
                wait.until(d -> d.findElement(By.id("account-title")).getText().equals(DemoData.FUNDED_ACCOUNT));

                // A top-up of a customer below it, paid from its wallet: the customer's balance and history show it.
                openAccount(browser, CUSTOMER);
                wait.until(d -> d.findElement(By.id("balance-balance")).getText().equals("1.000000 EUR"));
                type(browser, "topup-amount", "5.00");
                type(browser, "topup-note", "from the console");
                browser.findElement(By.id("topup-submit")).click();
                wait.until(d -> d.findElement(By.id("balance-balance")).getText().equals("6.000000 EUR"));
                assertTrue(browser.findElement(By.id("topups-table")).getText().contains("TRANSFER_IN"),
                        browser.findElement(By.id("topups-table")).getText());
                assertTrue(status(browser).contains("Topped up 5.000000"), status(browser));

                // Another tenant's account answers as a missing one; nothing of it shows.
                openAccount(browser, RIVAL_ACCOUNT);
                wait.until(d -> d.findElement(By.id("status")).getText().contains("ACCOUNT_UNKNOWN"));
                assertEquals(CUSTOMER, browser.findElement(By.id("account-title")).getText());
                assertFalse(browser.getPageSource().contains("77.000000"), "the rival's balance never reaches the page");

                // The operator: the NOC page shows a call in progress while it runs, and not after its stop.
                browser.findElement(By.id("logout")).click();
                wait.until(visible("login-page"));
                logIn(browser, "admin", settings.adminKey());
                wait.until(visible("noc-page"));
                wait.until(d -> d.findElement(By.id("noc-in-progress")).getText().equals("0"));
                wait.until(d -> d.findElement(By.id("noc-grid-nodes")).getText().startsWith("1 (1/1 answering)"));
                authoriseAndStart(url, "console-call-2");
                wait.until(d -> d.findElement(By.id("noc-in-progress")).getText().equals("1"));
                assertFalse(browser.findElement(By.id("noc-latency")).getText().startsWith("–"),
                        "authorise latency shown: " + browser.findElement(By.id("noc-latency")).getText());
                stop(url, "console-call-2", 10);
                wait.until(d -> d.findElement(By.id("noc-in-progress")).getText().equals("0"));
                assertTrue(browser.findElement(By.id("noc-ingest")).getText().contains("true"), "ingest answers");
            } finally {
                browser.quit();
            }
        }
    }

    /** Waits for a condition; on time-out fails with what the page showed and what the browser logged. */
    private record Waiter(WebDriver browser) {
        void until(Function<WebDriver, Boolean> condition) {
            try {
                new WebDriverWait(browser, WAIT).until(condition::apply);
            } catch (org.openqa.selenium.TimeoutException e) {
                StringBuilder log = new StringBuilder();
                try {
                    browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)
                            .forEach(entry -> log.append(entry.getLevel()).append(' ').append(entry.getMessage()).append('\n'));
                } catch (RuntimeException ignored) {
                    log.append("(no browser log)");
                }
                fail("timed out at " + browser.getCurrentUrl() + "; status: '" + status(browser) + "'\nbrowser log:\n" + log
                        + "\npage:\n" + browser.getPageSource(), e);
            }
        }
    }

    private static WebDriver browser(Path downloads) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--user-data-dir=" + downloads.getParent().resolve("chromium-profile"));
        org.openqa.selenium.logging.LoggingPreferences logging = new org.openqa.selenium.logging.LoggingPreferences();
        logging.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false, "safebrowsing.enabled", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static Function<WebDriver, Boolean> visible(String id) {
        return d -> d.findElement(By.id(id)).isDisplayed();
    }

    private static void logIn(WebDriver browser, String kind, String key) {
        new Select(browser.findElement(By.id("login-kind"))).selectByValue(kind);
        type(browser, "login-key", key);
        browser.findElement(By.id("login-submit")).click();
    }

    private static void openAccount(WebDriver browser, String account) {
        type(browser, "account", account);
        browser.findElement(By.id("open-account")).click();
    }

    private static void type(WebDriver browser, String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** Date inputs take their value in the browser's locale order when typed; set the ISO value instead. */
    private static void setDate(WebDriver browser, String id, String isoDate) {
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById(arguments[0]).value = arguments[1];", id, isoDate);
    }

    private static String status(WebDriver browser) {
        try {
            return browser.findElement(By.id("status")).getText();
        } catch (org.openqa.selenium.NoSuchElementException e) {
            return "(no status element)";
        }
    }

    private static Path awaitDownload(Path dir, String suffix) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> done = files.filter(f -> f.toString().endsWith(suffix)).toList();
                if (!done.isEmpty()) {
                    return done.get(0);
                }
            }
            Thread.sleep(200);
        }
        try (Stream<Path> files = Files.list(dir)) {
            fail("no " + suffix + " file downloaded into " + dir + ": " + files.toList());
        }
        return null;
    }

    /** Every sheet's cells as text, by sheet name. */
    private static Map<String, List<List<String>>> read(Path xlsx) throws IOException {
        Map<String, List<List<String>>> sheets = new java.util.LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(xlsx); ReadableWorkbook workbook = new ReadableWorkbook(in)) {
            for (Sheet sheet : workbook.getSheets().toList()) {
                List<List<String>> rows = new ArrayList<>();
                for (Row row : sheet.read()) {
                    List<String> cells = new ArrayList<>();
                    for (int i = 0; i < row.getCellCount(); i++) {
                        cells.add(row.getCellText(i));
                    }
                    rows.add(cells);
                }
                sheets.put(sheet.getName(), rows);
            }
        }
        return sheets;
    }

    private void call(String url, String callId, int seconds) throws Exception {
        authoriseAndStart(url, callId);
        stop(url, callId, seconds);
    }

    private void authoriseAndStart(String url, String callId) throws Exception {
        JsonObject authorise = post(url + "/v1/calls/authorise", null, "{\"callId\":\"" + callId + "\",\"account\":\""
                + DemoData.FUNDED_ACCOUNT + "\",\"caller\":\"35929000001\",\"callee\":\"442071234567\"}", 200);
        assertEquals("ALLOW", authorise.getString("decision"), authorise.encode());
        post(url + "/v1/calls/start", null, "{\"callId\":\"" + callId + "\",\"account\":\"" + DemoData.FUNDED_ACCOUNT
                + "\"}", 200);
    }

    private void stop(String url, String callId, int seconds) throws Exception {
        post(url + "/v1/calls/stop", null, "{\"callId\":\"" + callId + "\",\"account\":\"" + DemoData.FUNDED_ACCOUNT
                + "\",\"durationSeconds\":" + seconds + "}", 200);
    }

    private void admin(String url, String adminKey, String path, String body) throws Exception {
        post(url + path, adminKey, body, 201);
    }

    private JsonObject post(String url, String bearer, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), url + ": " + response.body());
        return new JsonObject(response.body());
    }

    static {
        // Selenium's own manager would look for a browser download; the paths are given, so it is never needed.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        new File("target").mkdirs();
    }
}
