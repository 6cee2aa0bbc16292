package io.bpmon.job;

import io.bpmon.core.config.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.SecurityOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mutual TLS on the REST endpoint of the in-process cluster (docs/demo-supervision.md). Each start makes a key
 * pair of its own, and the endpoint trusts that one certificate only, so it serves only a client that holds the
 * private key: nobody, since the key's password is random and kept in this JVM's Flink configuration alone. Flink's
 * CLI, {@code curl} and browsers fail at the TLS handshake (plain HTTP gets a redirect to https and nothing else);
 * the job itself talks to its cluster in-process and never needs the endpoint.
 *
 * <p>The key pair is made with the JDK's {@code keytool} (the JDK has no public API that writes a certificate),
 * into a folder only this user can enter (0700, files 0600). The endpoint reads the files once, as the cluster
 * starts: {@link #forget} deletes them then, a shutdown hook at the latest.
 */
final class LocalRestTls {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRestTls.class);

    /** How {@code keytool} gets the password: from its environment, which other users cannot read. */
    private static final String PASSWORD_VARIABLE = "BPMON_REST_TLS_PASSWORD";
    private static final String ALIAS = "bpmon-job";
    private static final String STORE_TYPE = "PKCS12";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** The folders made by this JVM that still exist. */
    private static final Set<Path> FOLDERS = ConcurrentHashMap.newKeySet();
    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(FOLDERS).forEach(LocalRestTls::delete),
                "bpmon-rest-tls-cleanup"));
    }

    private LocalRestTls() {}

    /**
     * Makes a key pair whose certificate names {@code localhost}, {@code 127.0.0.1} and {@code host}, and turns on
     * mutual TLS with it in {@code conf}.
     *
     * @throws IllegalStateException if the key pair cannot be made (the message says how to do without)
     */
    static void configure(Configuration conf, String host) {
        Path folder;
        try {
            folder = Files.createTempDirectory("bpmon-flink-rest-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw failure("cannot create a private folder in " + System.getProperty("java.io.tmpdir"), e);
        }
        FOLDERS.add(folder);
        try {
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
            Path keystore = folder.resolve("rest-keystore.p12");
            Path truststore = folder.resolve("rest-truststore.p12");
            generateKeyPair(keystore, password, host);
            writeTruststore(keystore, truststore, password);
            conf.set(SecurityOptions.SSL_REST_ENABLED, true);
            conf.set(SecurityOptions.SSL_REST_AUTHENTICATION_ENABLED, true);
            conf.set(SecurityOptions.SSL_REST_KEYSTORE, keystore.toString());
            conf.set(SecurityOptions.SSL_REST_KEYSTORE_TYPE, STORE_TYPE);
            conf.set(SecurityOptions.SSL_REST_KEYSTORE_PASSWORD, password);
            conf.set(SecurityOptions.SSL_REST_KEY_PASSWORD, password);
            conf.set(SecurityOptions.SSL_REST_TRUSTSTORE, truststore.toString());
            conf.set(SecurityOptions.SSL_REST_TRUSTSTORE_TYPE, STORE_TYPE);
            conf.set(SecurityOptions.SSL_REST_TRUSTSTORE_PASSWORD, password);
        } catch (RuntimeException e) {
            delete(folder);
            throw e;
        }
    }

    /** Deletes the key files that {@link #configure} wrote for {@code conf}, once the cluster has read them. */
    static void forget(Configuration conf) {
        conf.getOptional(SecurityOptions.SSL_REST_KEYSTORE)
                .map(keystore -> Path.of(keystore).getParent())
                .filter(FOLDERS::contains)
                .ifPresent(LocalRestTls::delete);
    }

    private static void generateKeyPair(Path keystore, String password, String host) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            throw failure("no keytool at " + keytool, null);
        }
        Set<String> names = new LinkedHashSet<>(List.of("dns:localhost", "ip:127.0.0.1"));
        if (!host.equals("0.0.0.0") && !host.equals("::")) {
            names.add((host.contains(":") || host.matches("[0-9.]+") ? "ip:" : "dns:") + host);
        }
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-noprompt",
                "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                "-dname", "CN=bpmon job REST API", "-ext", "SAN=" + String.join(",", names),
                "-storetype", STORE_TYPE, "-keystore", keystore.toString(),
                "-storepass:env", PASSWORD_VARIABLE, "-keypass:env", PASSWORD_VARIABLE);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(PASSWORD_VARIABLE, password);
        try {
            Process keytoolProcess = builder.start();
            keytoolProcess.getOutputStream().close();
            // its few lines of output fit in the pipe, so it can finish before they are read
            if (!keytoolProcess.waitFor(60, TimeUnit.SECONDS)) {
                keytoolProcess.destroyForcibly();
                throw failure("keytool did not finish within 60 s", null);
            }
            if (keytoolProcess.exitValue() != 0) {
                String output;
                try (InputStream in = keytoolProcess.getInputStream()) {
                    output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                }
                throw failure("keytool failed (exit " + keytoolProcess.exitValue() + "): " + output, null);
            }
            Files.setPosixFilePermissions(keystore, OWNER_ONLY);
        } catch (IOException e) {
            throw failure("cannot run " + keytool, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while keytool ran", e);
        }
    }

    /** A store with the certificate alone: what the endpoint trusts, so a client must hold its private key. */
    private static void writeTruststore(Path keystore, Path truststore, String password) {
        try {
            KeyStore keys = KeyStore.getInstance(STORE_TYPE);
            try (InputStream in = Files.newInputStream(keystore)) {
                keys.load(in, password.toCharArray());
            }
            Certificate certificate = keys.getCertificate(ALIAS);
            KeyStore trusted = KeyStore.getInstance(STORE_TYPE);
            trusted.load(null, null);
            trusted.setCertificateEntry(ALIAS, certificate);
            Files.createFile(truststore, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            try (OutputStream out = Files.newOutputStream(truststore)) {
                trusted.store(out, password.toCharArray());
            }
        } catch (IOException e) {
            throw failure("cannot write " + truststore, e);
        } catch (GeneralSecurityException e) {
            throw failure("cannot read the key pair that keytool made", e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static IllegalStateException failure(String problem, Exception cause) {
        return new IllegalStateException("cannot make the key pair for the Flink REST API's TLS: " + problem
                + " (" + ConfigLoader.FLINK_REST_TLS + "=false runs the REST API without it)", cause);
    }

    private static void delete(Path folder) {
        if (!FOLDERS.remove(folder)) {
            return; // deleted already
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete {} (private to this user): {}", folder, e.toString());
        }
    }
}
