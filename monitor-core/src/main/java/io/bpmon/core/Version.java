package io.bpmon.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * bpmon's version, as the build wrote it into {@code bpmon/version.properties} from the POM (shown by
 * {@code /api/health}, the UI footer, the job's name and {@code bpmon --version}; docs/operations.md).
 */
public final class Version {

    static final String RESOURCE = "/bpmon/version.properties";
    /** When the resource is missing or was not filtered (classes compiled by something other than Maven). */
    public static final String UNKNOWN = "unknown";

    private static final String CURRENT = load(Version.class.getResourceAsStream(RESOURCE));

    private Version() {}

    /** The version, e.g. {@code 0.1.0} or {@code 0.2.0-SNAPSHOT}; {@value #UNKNOWN} if the build did not say. */
    public static String current() {
        return CURRENT;
    }

    static String load(InputStream in) {
        if (in == null) {
            return UNKNOWN;
        }
        try (in) {
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").trim();
            return v.isEmpty() || v.contains("${") ? UNKNOWN : v;
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    /** Prints the version: {@code java -cp <jar> io.bpmon.core.Version}. */
    public static void main(String[] args) {
        System.out.println(current());
    }
}
