package io.tollgrid.ops.console;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Debian's chromium, headless, driven by Selenium through chromium-driver, with a download directory of its own.
 * The browser is a requirement of the console tests ({@code ops/switch/setup.sh} installs it): without it they
 * fail, they never skip.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(20);

    static {
        // Selenium's own manager would look for a browser download; the paths are given, so it is never needed.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    }

    final WebDriver driver;
    final Path downloads;

    private Browser(WebDriver driver, Path downloads) {
        this.driver = driver;
        this.downloads = downloads;
    }

    /** A fresh browser profile and download directory under {@code dir}. */
    static Browser open(Path dir) throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the console's browser tests need Debian's chromium and chromium-driver: run ops/switch/setup.sh");
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + dir.resolve("chromium-profile"));
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false, "safebrowsing.enabled", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options), downloads);
    }

    void get(String url) {
        driver.get(url);
    }

    WebElement find(String id) {
        return driver.findElement(By.id(id));
    }

    String text(String id) {
        return find(id).getText();
    }

    void click(String id) {
        find(id).click();
    }

    /** Waits for a condition; on time-out fails with what the page showed and what the browser logged. */
    void until(Function<WebDriver, Boolean> condition) {
        try {
            new WebDriverWait(driver, WAIT).until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            StringBuilder log = new StringBuilder();
            try {
                driver.manage().logs().get(LogType.BROWSER)
                        .forEach(entry -> log.append(entry.getLevel()).append(' ').append(entry.getMessage()).append('\n'));
            } catch (RuntimeException ignored) {
                log.append("(no browser log)");
            }
            fail("timed out at " + driver.getCurrentUrl() + "; status: '" + status() + "'\nbrowser log:\n" + log
                    + "\npage:\n" + driver.getPageSource(), e);
        }
    }

    static Function<WebDriver, Boolean> visible(String id) {
        return d -> d.findElement(By.id(id)).isDisplayed();
    }

    void type(String id, String text) {
        WebElement field = find(id);
        field.clear();
        field.sendKeys(text);
    }

    /** Date inputs take their value in the browser's locale order when typed; set the ISO value instead. */
    void setDate(String id, String isoDate) {
        ((JavascriptExecutor) driver).executeScript("document.getElementById(arguments[0]).value = arguments[1];",
                id, isoDate);
    }

    String status() {
        try {
            return text("status");
        } catch (NoSuchElementException e) {
            return "(no status element)";
        }
    }

    /** The first downloaded file whose name ends with {@code suffix}, once it is complete. */
    Path awaitDownload(String suffix) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(downloads)) {
                List<Path> done = files.filter(f -> f.toString().endsWith(suffix)).toList();
                if (!done.isEmpty()) {
                    return done.get(0);
                }
            }
            Thread.sleep(200);
        }
        try (Stream<Path> files = Files.list(downloads)) {
            fail("no " + suffix + " file downloaded into " + downloads + ": " + files.toList());
        }
        return null;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
