package io.bpmon.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The alerting packages import each other in one direction only (see package-info): a part never reaches up to one
 * that uses it, so each can be read and tested without those above it.
 */
class PackageDependenciesTest {

    /** Lowest first: a package may use those before it. */
    private static final List<String> LAYERS = List.of(
            "io.bpmon.alerting.silences",
            "io.bpmon.alerting.grouping",
            "io.bpmon.alerting.storage",
            "io.bpmon.alerting.delivery",
            "io.bpmon.alerting.channels",
            "io.bpmon.alerting");

    private static final Path SOURCES = Path.of("src/main/java/io/bpmon/alerting");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.bpmon\\.(alerting(?:\\.[a-z]\\w*)*|web|cep)\\.");

    @Test
    void shouldImportPackagesInOneDirectionOnly() throws IOException {
        List<String> violations = new ArrayList<>();
        List<String> packages = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = withoutComments(Files.readString(file));
                Matcher p = PACKAGE.matcher(code);
                assertThat(p.find()).as("package of %s", file).isTrue();
                String from = p.group(1);
                packages.add(from);
                Matcher m = REFERENCE.matcher(code.substring(p.end()));
                while (m.find()) {
                    String to = layerOf("io.bpmon." + m.group(1));
                    if (to == null || LAYERS.indexOf(to) > LAYERS.indexOf(from)) {
                        violations.add(file.getFileName() + " (" + from + ") uses " + m.group(0));
                    }
                }
            }
        }

        assertThat(packages).as("every package has its place in LAYERS").isSubsetOf(LAYERS).containsAll(LAYERS);
        assertThat(violations).isEmpty();
    }

    /** The layer a referenced name belongs to: the longest package of LAYERS it starts with, or null (web, cep). */
    private static String layerOf(String name) {
        return LAYERS.stream().filter(l -> name.equals(l) || name.startsWith(l + "."))
                .max((a, b) -> Integer.compare(a.length(), b.length())).orElse(null);
    }

    private static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
    }
}
