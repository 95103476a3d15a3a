package io.pulsecrm.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs axe-core (the web build's copy, web/node_modules/axe-core) in the page and fails on serious or critical
 * violations of WCAG 2.1 A/AA rules, naming each rule and the elements it found.
 */
public final class Accessibility {

    private static String axeSource;

    private Accessibility() {
    }

    @SuppressWarnings("unchecked")
    public static void assertNoSeriousViolations(Browser browser, String page) {
        browser.script(axe());
        Object result = browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                  .then(r => done(r.violations
                      .filter(v => v.impact === 'serious' || v.impact === 'critical')
                      .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — '
                          + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', '))))
                  .catch(e => done(['axe failed: ' + e]));
                """);
        assertThat((List<String>) result).as("accessibility of %s", page).isEmpty();
    }

    private static synchronized String axe() {
        if (axeSource == null) {
            Path repo = Path.of(System.getProperty("pulse.repo.dir", "..")).toAbsolutePath().normalize();
            Path file = repo.resolve("web/node_modules/axe-core/axe.min.js");
            try {
                axeSource = Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException("axe-core is installed by the web module's build (" + file + ")", e);
            }
        }
        return axeSource;
    }
}
