package io.bpmon.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class VersionTest {

    @Test
    void shouldBeTheVersionOfTheRootPom() throws Exception {
        // the root POM's first <version> is the project's (modelVersion is another element)
        String pom = Files.readString(Path.of("..", "pom.xml"));
        String expected = pom.substring(pom.indexOf("<version>") + "<version>".length(), pom.indexOf("</version>"));
        assertThat(Version.current()).isEqualTo(expected).isNotEqualTo(Version.UNKNOWN);
    }

    @Test
    void shouldSayUnknownWithoutAFilteredResource() {
        assertThat(Version.load(null)).isEqualTo(Version.UNKNOWN);
        assertThat(Version.load(stream("version=${project.version}\n"))).isEqualTo(Version.UNKNOWN);
        assertThat(Version.load(stream("# nothing\n"))).isEqualTo(Version.UNKNOWN);
        assertThat(Version.load(stream("version= 1.2.3 \n"))).isEqualTo("1.2.3");
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
