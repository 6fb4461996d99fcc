package io.tollgrid.ops.console;

import io.tollgrid.ops.stack.DemoData;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.tollgrid.ops.console.Browser.visible;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web console in a real browser (Debian's chromium, headless, driven by Selenium through chromium-driver)
 * against the whole local stack, started once for both tests:
 * <ul>
 *   <li>a tenant logs in with its API key, opens its account, runs a usage report, downloads it as Excel and the
 *   workbook reads back with the call in it, finds the call in the CDR search, lists its customers, tops up a
 *   customer of a tenant below it from its wallet, sees a call in progress on its own account appear in the live
 *   calls panel (and not its customer's) and leave once stopped, and cannot open another tenant's account; the
 *   operator logs in with the admin key and sees a call in progress appear on the NOC page, and leave it once
 *   stopped;</li>
 *   <li>a call shop's operator logs in with the session token of its password login, opens a day session with a
 *   float, sees a live call on a booth, pays two finished calls at once (one receipt), closes the session with the
 *   cash counted and prints the day report as PDF.</li>
 * </ul>
 * The browser is a requirement (ops/switch/setup.sh installs it): without it these tests fail, they never skip.
 */
class ConsoleBrowserTest {
    static final String RIVAL_KEY = "rival-tenant-key-0001";
    static final String RIVAL_ACCOUNT = "rival-2000";
    static final String CUSTOMER = "shop-3000";
    static final String SHOP = "cshop";
    static final String PASSWORD = "booth operator password";

    private static ConsoleStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = ConsoleStack.start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aTenantReportsAndExportsAndTheOperatorSeesCallsLive() throws Exception {
        // Another tenant with an account of its own, which the demo tenant must not reach through the console.
        stack.admin("/admin/tenants", "{\"tenantId\":\"rival\",\"name\":\"Rival Ltd\",\"apiKey\":\""
                + RIVAL_KEY + "\"}");
        stack.admin("/admin/accounts", "{\"tenantId\":\"rival\",\"accountId\":\"" + RIVAL_ACCOUNT
                + "\",\"currency\":\"EUR\",\"ratePlanId\":\"demo-flat\",\"balance\":\"77.00\"}");
        // The demo tenant as a reseller: a customer tenant below it with one account, and demo-1002 (postpaid,
        // 25.00 of credit) as the wallet its top-ups of customers are paid from.
        stack.admin("/admin/tenants", "{\"tenantId\":\"demo-shop\",\"name\":\"Demo Shop\","
                + "\"apiKey\":\"demo-shop-key-000001\",\"parentId\":\"" + DemoData.TENANT + "\"}");
        stack.admin("/admin/accounts", "{\"tenantId\":\"demo-shop\",\"accountId\":\"" + CUSTOMER
                + "\",\"currency\":\"EUR\",\"ratePlanId\":\"demo-flat\",\"balance\":\"1.00\"}");
        stack.admin("/admin/tenants", "{\"tenantId\":\"" + DemoData.TENANT + "\",\"name\":\"Demo Telecom\","
                + "\"apiKey\":\"" + DemoData.TENANT_API_KEY + "\",\"walletAccount\":\"demo-1002\"}");
        // One finished call on the demo account: 95 s on 30/6 costs 0.037.
        stack.authoriseAndStart(DemoData.FUNDED_ACCOUNT, "console-call-1");
        stack.stop(DemoData.FUNDED_ACCOUNT, "console-call-1", 95);

        try (Browser browser = Browser.open(stack.newDir("console-"))) {
            browser.get(stack.url + "/console/");
            browser.until(visible("login-page"));

            // A tenant key is refused as the operator's, and accepted as a tenant's.
            logIn(browser, "admin", DemoData.TENANT_API_KEY);
            browser.until(d -> d.findElement(By.id("status")).getText().contains("not accepted"));
            assertTrue(browser.find("login-page").isDisplayed(), "still on the login page");
            logIn(browser, "tenant", DemoData.TENANT_API_KEY);
            browser.until(visible("portal-page"));
            assertFalse(browser.find("nav-noc").isDisplayed(), "a tenant has no NOC page");

            // Its account: balance after the call.
            openAccount(browser, DemoData.FUNDED_ACCOUNT);
            browser.until(d -> d.findElement(By.id("balance-balance")).getText().equals("9.963000 EUR"));

            // The usage report of today (UTC), once the rollup holds the call (it trails by about 2 s).
            String today = LocalDate.now(ZoneOffset.UTC).toString();
            browser.setDate("report-from", today);
            browser.setDate("report-to", today);
            browser.type("report-zone", "UTC");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String calls = "";
            while (!calls.equals("1") && System.nanoTime() < deadline) {
                browser.find("report-run").click();
                Thread.sleep(700);
                calls = String.valueOf(browser.find("report").getAttribute("data-calls"));
            }
            assertEquals("1", calls, "the report counts the call: " + browser.status());
            assertTrue(browser.find("report-total").getText().contains("0.037000"),
                    browser.find("report-total").getText());
            assertEquals(1, browser.driver.findElements(By.cssSelector("#chart-by-day rect.bar")).size(), "one day charted");
            // The call named no extension and its flat plan has no call types: one row each, under the empty key.
            assertTrue(browser.find("report-extension").getText().contains("0.037000"),
                    browser.find("report-extension").getText());
            assertTrue(browser.find("report-call-type").getText().contains("0.037000"),
                    browser.find("report-call-type").getText());

            // Excel: the downloaded workbook reads back with the tenant's name and the call's cost.
            browser.find("report-xlsx").click();
            Path xlsx = browser.awaitDownload(".xlsx");
            Map<String, List<List<String>>> workbook = read(xlsx);
            assertTrue(workbook.values().stream().flatMap(List::stream).flatMap(List::stream)
                    .anyMatch("Demo Telecom"::equals), "the workbook names the tenant: " + workbook);
            List<List<String>> total = workbook.get("Total");
            assertTrue(total != null && total.stream().anyMatch(row -> row.size() > 6 && row.get(6).equals("EUR")
                    && row.get(1).equals("1") && new java.math.BigDecimal(row.get(5)).compareTo(new java.math.BigDecimal("0.037")) == 0),
                    "the Total sheet has one call costing 0.037: " + total);

            // The CDR search finds the call; its CSV export downloads.
            browser.find("cdr-search").click();
            browser.until(d -> d.findElement(By.id("cdr-table")).getText().contains("console-call-1"));
            assertTrue(browser.find("cdr-count").getText().startsWith("1 calls on this page"),
                    browser.find("cdr-count").getText());
            browser.find("cdr-export").click();
            Path csv = browser.awaitDownload(".csv");
            assertTrue(Files.readString(csv).contains("console-call-1"), "the CSV export holds the call");

            // The reseller's customers: its own accounts' usage, each one opened from there.
            browser.find("nav-customers").click();
            browser.until(visible("customers-page"));
            browser.setDate("customers-from", today);
            browser.setDate("customers-to", today);
            browser.find("customers-run").click();
            browser.until(d -> d.findElement(By.id("customers-table")).getText().contains(DemoData.FUNDED_ACCOUNT));
            browser.driver.findElement(By.cssSelector("#customers-table button")).click();
            browser.until(visible("portal-page"));
            browser.until(d -> d.findElement(By.id("account-title")).getText().equals(DemoData.FUNDED_ACCOUNT));

            // A top-up of a customer below it, paid from its wallet: the customer's balance and history show it.
            openAccount(browser, CUSTOMER);
            browser.until(d -> d.findElement(By.id("balance-balance")).getText().equals("1.000000 EUR"));
            browser.type("topup-amount", "5.00");
            browser.type("topup-note", "from the console");
            browser.find("topup-submit").click();
            browser.until(d -> d.findElement(By.id("balance-balance")).getText().equals("6.000000 EUR"));
            assertTrue(browser.find("topups-table").getText().contains("TRANSFER_IN"),
                    browser.find("topups-table").getText());
            assertTrue(browser.status().contains("Topped up 5.000000"), browser.status());

            // Live calls: a call in progress on the tenant's own account appears on the panel (polled every 5 s) and
            // leaves once stopped; the customer's call below it is the customer's to see, never on this panel.
            stack.authoriseAndStart(CUSTOMER, "console-live-customer");
            stack.authoriseAndStart(DemoData.FUNDED_ACCOUNT, "console-live-1");
            browser.until(d -> d.findElement(By.id("live-table")).getText().contains("console-live-1"));
            assertTrue(browser.find("live-table").getText().contains(DemoData.FUNDED_ACCOUNT),
                    browser.find("live-table").getText());
            assertFalse(browser.find("live-table").getText().contains("console-live-customer"),
                    browser.find("live-table").getText());
            stack.stop(DemoData.FUNDED_ACCOUNT, "console-live-1", 10);
            stack.stop(CUSTOMER, "console-live-customer", 10);
            browser.until(d -> !d.findElement(By.id("live-table")).getText().contains("console-live-1"));

            // Another tenant's account answers as a missing one; nothing of it shows.
            openAccount(browser, RIVAL_ACCOUNT);
            browser.until(d -> d.findElement(By.id("status")).getText().contains("ACCOUNT_UNKNOWN"));
            assertEquals(CUSTOMER, browser.find("account-title").getText());
            assertFalse(browser.driver.getPageSource().contains("77.000000"), "the rival's balance never reaches the page");

            // The operator: the NOC page shows a call in progress while it runs, and not after its stop.
            browser.find("logout").click();
            browser.until(visible("login-page"));
            logIn(browser, "admin", stack.adminKey);
            browser.until(visible("noc-page"));
            browser.until(d -> d.findElement(By.id("noc-in-progress")).getText().equals("0"));
            browser.until(d -> d.findElement(By.id("noc-grid-nodes")).getText().startsWith("1 (1/1 answering)"));
            stack.authoriseAndStart(DemoData.FUNDED_ACCOUNT, "console-call-2");
            browser.until(d -> d.findElement(By.id("noc-in-progress")).getText().equals("1"));
            assertFalse(browser.find("noc-latency").getText().startsWith("–"),
                    "authorise latency shown: " + browser.find("noc-latency").getText());
            stack.stop(DemoData.FUNDED_ACCOUNT, "console-call-2", 10);
            browser.until(d -> d.findElement(By.id("noc-in-progress")).getText().equals("0"));
            assertTrue(browser.find("noc-ingest").getText().contains("true"), "ingest answers");
        }
    }

    @Test
    void aShopOperatorOpensASessionPaysTwoCallsAtOnceClosesItAndPrintsTheDayReport() throws Exception {
        stack.post("/admin/tenants", stack.adminKey, "{\"tenantId\":\"" + SHOP + "\",\"name\":\"Corner Call Shop\","
                + "\"apiKey\":\"cshop-tenant-key-00001\"}", 201);
        for (String account : List.of("cshop-b1", "cshop-b2", "cshop-wallet")) {
            stack.post("/admin/accounts", stack.adminKey, "{\"tenantId\":\"" + SHOP + "\",\"accountId\":\"" + account
                    + "\",\"currency\":\"EUR\",\"ratePlanId\":\"demo-flat\",\"balance\":\"10.00\"}", 201);
        }
        stack.post("/admin/tenants", stack.adminKey, "{\"tenantId\":\"" + SHOP + "\",\"name\":\"Corner Call Shop\","
                + "\"apiKey\":\"cshop-tenant-key-00001\",\"walletAccount\":\"cshop-wallet\"}", 201);
        // Calls to 44 sell at 0.20 per started minute: 95 s is 0.40, 60 s is 0.20.
        stack.post("/admin/shops", stack.adminKey, "{\"tenantId\":\"" + SHOP + "\",\"booths\":[\"cshop-b1\",\"cshop-b2\"],"
                + "\"sellRules\":[{\"prefix\":\"\",\"markupPercent\":\"25\"},{\"prefix\":\"44\",\"pricePerMinute\":\"0.20\"}]}", 201);
        stack.post("/admin/principals", stack.adminKey, "{\"principalId\":\"cshop-till\",\"role\":\"SHOP_OPERATOR\","
                + "\"name\":\"Till\",\"tenantId\":\"" + SHOP + "\",\"password\":\"" + PASSWORD + "\"}", 201);
        String token = stack.post("/v1/auth/login", null, "{\"principalId\":\"cshop-till\",\"password\":\""
                + PASSWORD + "\"}", 201).getString("token");

        try (Browser browser = Browser.open(stack.newDir("shop-"))) {
            browser.get(stack.url + "/console/");
            browser.until(visible("login-page"));
            new Select(browser.find("login-kind")).selectByValue("shop");
            browser.type("login-key", token);
            browser.find("login-submit").click();
            browser.until(visible("shop-page"));
            browser.until(d -> d.findElement(By.id("shop-name")).getText().equals("Corner Call Shop"));

            // Open the day with 50.00 in the drawer.
            browser.until(visible("shop-open-form"));
            browser.type("shop-float", "50.00");
            browser.find("shop-open").click();
            browser.until(visible("shop-session"));

            // A live call on booth 1 shows as calling, with its destination.
            stack.authoriseAndStart("cshop-b1", "shop-call-1");
            browser.until(d -> d.findElement(By.id("shop-booths")).getText().contains("CALLING")
                    && d.findElement(By.id("shop-booths")).getText().contains("442071234567"));
            stack.stop("cshop-b1", "shop-call-1", 95);
            stack.authoriseAndStart("cshop-b2", "shop-call-2");
            stack.stop("cshop-b2", "shop-call-2", 60);

            // Both finished calls arrive (the CDRs trail the stops by a couple of seconds), unserved.
            browser.until(d -> d.findElements(By.cssSelector("#shop-calls input.shop-pick")).size() == 2);
            browser.until(d -> d.findElement(By.id("shop-booths")).getText().contains("WAITING_PAYMENT"));
            // The page redraws its tables every 3 s (keeping what is selected), so each box is found afresh.
            for (String callId : List.of("shop-call-1", "shop-call-2")) {
                By pick = By.cssSelector("#shop-calls input.shop-pick[data-call='" + callId + "']");
                browser.until(d -> {
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
            browser.until(d -> d.findElement(By.id("shop-selected")).getText().equals("2 selected, 0.600000"));
            browser.find("shop-pay").click();
            browser.until(d -> d.findElement(By.id("shop-receipt-total")).getText().equals("0.600000"));
            browser.until(d -> d.findElement(By.id("shop-calls")).getText().split("PAID", -1).length == 3);

            // Close with 50.50 counted: 50.60 expected, 0.10 short.
            browser.type("shop-counted", "50.50");
            browser.find("shop-close").click();
            browser.until(visible("shop-report"));
            String report = browser.find("shop-report-table").getText();
            assertTrue(report.contains("50.600000") && report.contains("-0.100000") && report.contains("2:35"), report);
            browser.until(visible("shop-open-form"));

            browser.find("shop-report-print").click();
            Path pdf = browser.awaitDownload(".pdf");
            byte[] bytes = Files.readAllBytes(pdf);
            assertEquals("%PDF-", new String(bytes, 0, 5), "the day report is a PDF");
        }
    }

    private static void logIn(Browser browser, String kind, String key) {
        new Select(browser.find("login-kind")).selectByValue(kind);
        browser.type("login-key", key);
        browser.click("login-submit");
    }

    private static void openAccount(Browser browser, String account) {
        browser.type("account", account);
        browser.click("open-account");
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
}
