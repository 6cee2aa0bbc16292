package io.bpmon.core.config;

import java.util.regex.Pattern;

/**
 * The Flink REST endpoint of the job's in-process cluster ({@code ./bpmon job --local}, which {@code ./bpmon demo}
 * runs). That endpoint can cancel jobs and run submitted code in the job's JVM, so by default it listens on
 * loopback only, takes TLS connections only from the holder of a key pair the job makes for itself, and the web
 * UI's jar upload and run are off (docs/demo-supervision.md). A Flink cluster of its own is set up by its own
 * configuration, not by these.
 *
 * @param bindAddress interface the REST endpoint listens on: an IP address or a host name (default loopback)
 * @param port        port or port range, as Flink's {@code rest.bind-port}: {@code 8081}, {@code 8081-8099} or
 *                    a comma-separated list of these; the first free one is taken
 * @param webSubmit   whether jars can be uploaded and run ({@code /jars/*}) and jobs cancelled from the web UI;
 *                    only with {@code tls} off, since nobody else holds the key pair that TLS asks for
 * @param tls         whether the endpoint speaks mutual TLS with a key pair made for each start and held by the
 *                    job alone (default), so that it serves no client at all; off, it serves plain HTTP to
 *                    whoever reaches it (the Flink web UI)
 */
public record JobRestConfig(String bindAddress, String port, boolean webSubmit, boolean tls) {

    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    /** The first free port from 8081, so that the in-process cluster never collides with another one. */
    public static final String DEFAULT_PORT = "8081-8099";

    /** A host name, an IPv4 literal or an IPv6 literal (two colons at least); no schemes, paths or ports. */
    private static final Pattern ADDRESS =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9.\\-]{0,252}|(?=.*:.*:)[0-9A-Fa-f:.]{2,45}");
    private static final Pattern PORTS = Pattern.compile("\\d{1,5}(-\\d{1,5})?(,\\d{1,5}(-\\d{1,5})?)*");

    public JobRestConfig {
        Checks.notBlank(ConfigLoader.FLINK_REST_ADDRESS, bindAddress);
        if (!ADDRESS.matcher(bindAddress).matches()) {
            throw new ConfigException(ConfigLoader.FLINK_REST_ADDRESS,
                    "must be an IP address or a host name, was '" + bindAddress + "'");
        }
        Checks.notBlank(ConfigLoader.FLINK_REST_PORT, port);
        if (!PORTS.matcher(port).matches()) {
            throw new ConfigException(ConfigLoader.FLINK_REST_PORT,
                    "must be a port, a range such as 8081-8099 or a comma-separated list of these, was '" + port
                            + "'");
        }
        for (String part : port.split(",")) {
            String[] bounds = part.split("-");
            int from = Integer.parseInt(bounds[0]);
            int to = Integer.parseInt(bounds[bounds.length - 1]);
            Checks.range(ConfigLoader.FLINK_REST_PORT, from, 1, 65535);
            Checks.range(ConfigLoader.FLINK_REST_PORT, to, 1, 65535);
            if (to < from) {
                throw new ConfigException(ConfigLoader.FLINK_REST_PORT, "range " + part + " ends before it starts");
            }
        }
        if (webSubmit && tls) {
            throw new ConfigException(ConfigLoader.FLINK_WEB_SUBMIT, "true needs " + ConfigLoader.FLINK_REST_TLS
                    + "=false (with TLS the REST API serves the job alone, so no browser could upload a jar)");
        }
    }

    public static JobRestConfig defaults() {
        return new JobRestConfig(DEFAULT_BIND_ADDRESS, DEFAULT_PORT, false, true);
    }

    /** Whether the endpoint can be reached from this machine only. */
    public boolean loopbackOnly() {
        return bindAddress.equals("127.0.0.1") || bindAddress.equals("::1") || bindAddress.equals("localhost");
    }
}
