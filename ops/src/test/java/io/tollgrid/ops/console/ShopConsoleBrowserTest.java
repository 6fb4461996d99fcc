package io.tollgrid.ops.console;

import io.tollgrid.localcluster.FreePorts;
import io.tollgrid.ops.stack.DemoData;
import io.tollgrid.ops.stack.LocalStack;
import io.tollgrid.ops.stack.StackSettings;
import io.vertx.core.json.JsonObject;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The call shop's console page in a real browser (Debian's chromium, headless) against the whole local stack: a shop
 * operator logs in with the session token of its password login, opens a day session with a float, sees a live call
 * on a booth, pays two finished calls at once (one receipt), closes the session with the cash counted and prints the
 * day report as PDF. Like {@link ConsoleBrowserTest}, it fails without the browser, it never skips.
 */
class ShopConsoleBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String SHOP = "cshop";
    static final String PASSWORD = "booth operator password";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void anOperatorOpensASessionPaysTwoCallsAtOnceClosesItAndPrintsTheDayReport() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the console's browser test needs Debian's chromium and chromium-driver: run ops/switch/setup.sh");
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "shop-console-");
        StackSettings settings = new StackSettings(dir, FreePorts.next(), FreePorts.next(), FreePorts.nextRange(10),
                FreePorts.nextRange(50), FreePorts.nextRange(3), "shop-console-admin-key-0001");
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        try (LocalStack stack = LocalStack.start(settings)) {
            String url = stack.gatewayUrl();
            String admin = settings.adminKey();
            DemoData.load(url, admin);
            post(url + "/admin/tenants", admin, "{\"tenantId\":\"" + SHOP + "\",\"name\":\"Corner Call Shop\","
                    + "\"apiKey\":\"cshop-tenant-key-00001\"}", 201);
            for (String account : List.of("cshop-b1", "cshop-b2", "cshop-wallet")) {
                post(url + "/admin/accounts", admin, "{\"tenantId\":\"" + SHOP + "\",\"accountId\":\"" + account
                        + "\",\"currency\":\"EUR\",\"ratePlanId\":\"demo-flat\",\"balance\":\"10.00\"}", 201);
            }
            post(url + "/admin/tenants", admin, "{\"tenantId\":\"" + SHOP + "\",\"name\":\"Corner Call Shop\","
                    + "\"apiKey\":\"cshop-tenant-key-00001\",\"walletAccount\":\"cshop-wallet\"}", 201);
            // Calls to 44 sell at 0.20 per started minute: 95 s is 0.40, 60 s is 0.20.
            post(url + "/admin/shops", admin, "{\"tenantId\":\"" + SHOP + "\",\"booths\":[\"cshop-b1\",\"cshop-b2\"],"
                    + "\"sellRules\":[{\"prefix\":\"\",\"markupPercent\":\"25\"},{\"prefix\":\"44\",\"pricePerMinute\":\"0.20\"}]}", 201);
            post(url + "/admin/principals", admin, "{\"principalId\":\"cshop-till\",\"role\":\"SHOP_OPERATOR\","
                    + "\"name\":\"Till\",\"tenantId\":\"" + SHOP + "\",\"password\":\"" + PASSWORD + "\"}", 201);
            String token = post(url + "/v1/auth/login", null, "{\"principalId\":\"cshop-till\",\"password\":\""
                    + PASSWORD + "\"}", 201).getString("token");

            WebDriver browser = browser(downloads);
            try {
                Waiter wait = new Waiter(browser);
                browser.get(url + "/console/");
                wait.until(visible("login-page"));
                new Select(browser.findElement(By.id("login-kind"))).selectByValue("shop");
                type(browser, "login-key", token);
                browser.findElement(By.id("login-submit")).click();
                wait.until(visible("shop-page"));
                wait.until(d -> d.findElement(By.id("shop-name")).getText().equals("Corner Call Shop"));

                // Open the day with 50.00 in the drawer.
                wait.until(visible("shop-open-form"));
                type(browser, "shop-float", "50.00");
                browser.findElement(By.id("shop-open")).click();
                wait.until(visible("shop-session"));

                // A live call on booth 1 shows as calling, with its destination.
                authoriseAndStart(url, "cshop-b1", "shop-call-1");
                wait.until(d -> d.findElement(By.id("shop-booths")).getText().contains("CALLING")
                        && d.findElement(By.id("shop-booths")).getText().contains("442071234567"));
                stop(url, "cshop-b1", "shop-call-1", 95);
                authoriseAndStart(url, "cshop-b2", "shop-call-2");
                stop(url, "cshop-b2", "shop-call-2", 60);

                // Both finished calls arrive (the CDRs trail the stops by a couple of seconds), unserved.
                wait.until(d -> d.findElements(By.cssSelector("#shop-calls input.shop-pick")).size() == 2);
                wait.until(d -> d.findElement(By.id("shop-booths")).getText().contains("WAITING_PAYMENT"));
                // The page redraws its tables every 3 s (keeping what is selected), so each box is found afresh.
                for (String callId : List.of("shop-call-1", "shop-call-2")) {
                    By pick = By.cssSelector("#shop-calls input.shop-pick[data-call='" + callId + "']");
                    wait.until(d -> {
                        try {
                            WebElement box = d.findElement(pick);
                            if (!box.isSelected()) {
                                box.click();
                            }
                            return d.findElement(pick).isSelected();
                        } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
                            return false;
                        }
                    });
                }
                wait.until(d -> d.findElement(By.id("shop-selected")).getText().equals("2 selected, 0.600000"));
                browser.findElement(By.id("shop-pay")).click();
                wait.until(d -> d.findElement(By.id("shop-receipt-total")).getText().equals("0.600000"));
                wait.until(d -> d.findElement(By.id("shop-calls")).getText().split("PAID", -1).length == 3);

                // Close with 50.50 counted: 50.60 expected, 0.10 short.
                type(browser, "shop-counted", "50.50");
                browser.findElement(By.id("shop-close")).click();
                wait.until(visible("shop-report"));
                String report = browser.findElement(By.id("shop-report-table")).getText();
                assertTrue(report.contains("50.600000") && report.contains("-0.100000") && report.contains("2:35"), report);
                wait.until(visible("shop-open-form"));

                browser.findElement(By.id("shop-report-print")).click();
                Path pdf = awaitDownload(downloads, ".pdf");
                byte[] bytes = Files.readAllBytes(pdf);
                assertEquals("%PDF-", new String(bytes, 0, 5), "the day report is a PDF");
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
                fail("timed out at " + browser.getCurrentUrl() + "; status: '"
                        + browser.findElement(By.id("status")).getText() + "'\nbrowser log:\n" + log
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

    private static void type(WebDriver browser, String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
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
        fail("no " + suffix + " file downloaded into " + dir);
        return null;
    }

    private void authoriseAndStart(String url, String account, String callId) throws Exception {
        JsonObject authorise = post(url + "/v1/calls/authorise", null, "{\"callId\":\"" + callId + "\",\"account\":\""
                + account + "\",\"caller\":\"35929000001\",\"callee\":\"442071234567\"}", 200);
        assertEquals("ALLOW", authorise.getString("decision"), authorise.encode());
        post(url + "/v1/calls/start", null, "{\"callId\":\"" + callId + "\",\"account\":\"" + account + "\"}", 200);
    }

    private void stop(String url, String account, String callId, int seconds) throws Exception {
        post(url + "/v1/calls/stop", null, "{\"callId\":\"" + callId + "\",\"account\":\"" + account
                + "\",\"durationSeconds\":" + seconds + "}", 200);
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
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        new File("target").mkdirs();
    }
}
