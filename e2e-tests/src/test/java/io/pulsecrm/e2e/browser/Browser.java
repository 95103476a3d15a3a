package io.pulsecrm.e2e.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
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

/**
 * A real Chromium (Debian's {@code chromium}, driven through its {@code chromedriver}: nothing is downloaded) looking at
 * the web app the gateway serves. Each instance is a fresh profile, so one person per browser; tests wait for what a
 * person would see, never for a fixed time.
 */
public final class Browser implements AutoCloseable {

    /** Long enough for a cold page on a loaded two-core machine; a wait ends as soon as its condition holds. */
    public static final Duration WAIT = Duration.ofSeconds(20);
    /** Headless Chromium does not make its window narrower than this, whatever --window-size says. */
    private static final int MIN_HEADLESS_WIDTH = 500;

    private final ChromeDriver driver;
    private final String baseUrl;
    private final Path profile;

    private Browser(String baseUrl, String language, Dimension window) {
        this.baseUrl = baseUrl;
        try {
            this.profile = Files.createTempDirectory("pulse-chromium");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("PULSE_CHROMIUM", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile, "--lang=" + language,
                "--window-size=" + window.width + "," + window.height);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        if (window.width < MIN_HEADLESS_WIDTH) {
            // headless Chromium keeps its window at least 500 px wide: a narrower screen is a phone's, emulated
            options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
                    Map.of("width", window.width, "height", window.height, "pixelRatio", 1.0, "touch", false)));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(executable("PULSE_CHROMEDRIVER", "/usr/bin/chromedriver")).toFile())
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
        if (window.width < MIN_WINDOW_WIDTH) {
            // headless Chromium keeps windows at least 500 px wide: emulate the phone's screen instead
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", window.width,
                    "height", window.height, "deviceScaleFactor", 1, "mobile", true));
        }
    }

    /** Chromium does not make a window narrower than this. */
    private static final int MIN_WINDOW_WIDTH = 500;

    /** A desktop-sized English browser. */
    public static Browser open(String baseUrl) {
        return new Browser(baseUrl, "en-US", new Dimension(1366, 900));
    }

    public static Browser open(String baseUrl, String language) {
        return new Browser(baseUrl, language, new Dimension(1366, 900));
    }

    /** A phone-sized browser (the layout changes below 800 px). */
    public static Browser phone(String baseUrl) {
        return new Browser(baseUrl, "en-US", new Dimension(390, 844));
    }

    public WebDriver driver() {
        return driver;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Browser go(String path) {
        driver.get(baseUrl + path);
        return this;
    }

    /**
     * Signs in through the issuer's real login form, as a person does: open the app (at {@code path}), be sent to the
     * issuer, type the name and password (in the test directory the password is the user id), and come back there.
     */
    public Browser signIn(String user, String path) {
        go(path);
        WebElement username = waitFor(By.name("username"));
        username.sendKeys(user);
        driver.findElement(By.name("password")).sendKeys(user);
        driver.findElement(By.cssSelector("button[type=submit], input[type=submit]")).click();
        until(d -> d.getCurrentUrl().startsWith(baseUrl) && !d.getCurrentUrl().contains("/login/callback"));
        waitFor(By.cssSelector("main#main"));
        return this;
    }

    public Browser signIn(String user) {
        return signIn(user, "/");
    }

    /** Opens the signed-in person's menu in the top bar (language, sign out). */
    public Browser openAccountMenu() {
        waitFor(By.cssSelector("header button[aria-haspopup='menu']")).click();
        waitFor(By.cssSelector("[role='menu']"));
        return this;
    }

    public WebElement waitFor(By locator) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /**
     * Clicks the element once it shows; when React replaces it between being found and being clicked (a list that
     * re-renders as results arrive), finds it again rather than failing on the stale one.
     */
    public void click(By locator) {
        waiting().until(d -> {
            WebElement element = ExpectedConditions.visibilityOfElementLocated(locator).apply(d);
            if (element == null) {
                return null;
            }
            element.click();
            return true;
        });
    }

    /**
     * Replaces what a text field holds the way a person does (select all, delete, type). Selenium's {@code clear()}
     * sets the value behind React's back: a re-render that lands before the typing puts the old value back, and the
     * new text is appended to it.
     */
    public void replaceText(WebElement field, String text) {
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        until(d -> field.getDomProperty("value").isEmpty());
        field.sendKeys(text);
        until(d -> text.equals(field.getDomProperty("value")));
    }

    public void waitUntilGone(By locator) {
        waiting().until(ExpectedConditions.invisibilityOfElementLocated(locator));
    }

    public <T> T until(Function<WebDriver, T> condition) {
        return waiting().until(condition::apply);
    }

    /** React re-renders replace elements under a test's feet: a stale element just means "look again". */
    private WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** Waits until some element matching {@code locator} shows exactly this text. */
    public WebElement waitForText(By locator, String text) {
        return until(d -> d.findElements(locator).stream()
                .filter(element -> element.isDisplayed() && text.equals(element.getText().trim()))
                .findFirst().orElse(null));
    }

    /** A button, link or menu item by its accessible text, as a person finds it. */
    public WebElement byText(String text) {
        return until(d -> d.findElements(By.xpath("//*[self::button or self::a or @role='menuitem' or @role='menuitemradio']"
                + "[normalize-space(.)=" + xpathLiteral(text) + " or @aria-label=" + xpathLiteral(text) + "]"))
                .stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    public List<WebElement> all(By locator) {
        return driver.findElements(locator);
    }

    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    public Object asyncScript(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    public String currentPath() {
        return driver.getCurrentUrl().substring(baseUrl.length());
    }

    /** For docs and for looking at a failure: a PNG of what the browser shows. */
    public void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public TakesScreenshot camera() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (java.io.IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }

    static String xpathLiteral(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        return "concat('" + text.replace("'", "',\"'\",'") + "')";
    }

    private static String executable(String variable, String fallback) {
        String configured = System.getenv(variable);
        return configured == null || configured.isBlank() ? fallback : configured;
    }
}
