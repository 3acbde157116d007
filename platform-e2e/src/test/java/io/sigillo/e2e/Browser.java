package io.sigillo.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through Debian's ChromeDriver (packages chromium and chromium-driver, which
 * .ci/run installs): no test downloads a browser or a driver.
 */
final class Browser {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Browser() {
    }

    /** True when both packages are installed. */
    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** A fresh browser with an empty profile and a desktop-sized window. */
    static WebDriver start() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // This machine's network is closed: without the background-networking flags Chromium keeps knocking.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--lang=it-IT",
                "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        // An Italian user's browser: Italian first, then English.
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "it-IT,it,en"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Saves what the browser shows as {@code target/screenshots/NAME.png}. */
    static Path screenshot(WebDriver browser, String name) {
        try {
            Path file = screenshotFile(name);
            Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), file,
                    StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where a picture named {@code name} goes, beside the screenshots (target/screenshots/NAME.png). */
    static Path screenshotFile(String name) {
        try {
            return Files.createDirectories(Path.of("target", "screenshots")).resolve(name + ".png");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
