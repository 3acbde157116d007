package io.sigillo.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/** axe-core's checks of the page a browser shows: the npm package, which .ci/run fetches into target/axe-core. */
final class Accessibility {

    private Accessibility() {
    }

    private static Path script() {
        return Path.of(System.getProperty("sigillo.root", "..")).resolve("target").resolve("axe-core")
                .resolve("package").resolve("axe.min.js");
    }

    /** True when the package was fetched. */
    static boolean available() {
        return Files.isReadable(script());
    }

    /** The page's serious and critical violations, each as "rule: what it asks (nodes)"; empty when none. */
    @SuppressWarnings("unchecked")
    static List<String> seriousViolations(WebDriver browser) throws IOException {
        String run = Files.readString(script()) + """
                ;const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(
                    result => done(result.violations
                        .filter(v => v.impact === 'serious' || v.impact === 'critical')
                        .map(v => v.id + ': ' + v.help + ' (' + v.nodes.length + ')')),
                    failure => done(['axe-core failed: ' + failure]));
                """;
        return (List<String>) ((JavascriptExecutor) browser).executeAsyncScript(run);
    }
}
