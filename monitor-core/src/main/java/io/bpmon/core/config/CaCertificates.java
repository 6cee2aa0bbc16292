package io.bpmon.core.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates trusted for Elasticsearch's TLS ({@code BPMON_ES_CA_CERT}, docs/elasticsearch-access.md): the CA
 * that signed the cluster's HTTP certificate, e.g. Elasticsearch's own {@code config/certs/http_ca.crt}.
 *
 * <p>They replace the JVM's default trust store for Elasticsearch connections rather than add to it: whoever sets
 * a CA says which authority vouches for the cluster, and no other public CA should be able to stand in for it. A
 * cluster with a publicly trusted certificate (a cloud service) needs no {@code BPMON_ES_CA_CERT} at all. Host name
 * verification stays on either way.
 *
 * <p>The PEM text is kept, not the path: the Flink job carries its configuration to task managers that may not have
 * the file. The {@link SSLContext} is built where a client is created ({@link #sslContext()}), never serialized.
 *
 * @param file where the certificates were read from, for messages
 * @param pem  one or more {@code -----BEGIN CERTIFICATE-----} blocks; other PEM blocks and text are ignored
 */
public record CaCertificates(String file, String pem) implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----",
            Pattern.DOTALL);

    public CaCertificates {
        certificates(file, pem); // rejects a file without a readable certificate now, not at the first connection
    }

    /**
     * Reads a PEM file.
     *
     * @throws ConfigException naming {@code BPMON_ES_CA_CERT} and the file when it cannot be read or holds no
     *                         valid certificate
     */
    public static CaCertificates read(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new ConfigException(ConfigLoader.ES_CA_CERT, "no such file: " + file);
        } catch (IOException | RuntimeException e) {
            // MalformedInputException: a binary (DER, PKCS#12) file rather than PEM text
            throw new ConfigException(ConfigLoader.ES_CA_CERT, "cannot read " + file + " as a PEM file ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        return new CaCertificates(file.toString(), pem);
    }

    /** The certificates, in file order. */
    public List<X509Certificate> certificates() {
        return certificates(file, pem);
    }

    /** A TLS context that trusts exactly these certificates (and keeps host name verification to the client). */
    public SSLContext sslContext() {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            List<X509Certificate> certificates = certificates();
            for (int i = 0; i < certificates.size(); i++) {
                trusted.setCertificateEntry("bpmon-es-ca-" + i, certificates.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context from " + ConfigLoader.ES_CA_CERT + " ("
                    + file + "): " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "CaCertificates[file=" + file + ", certificates=" + certificates().stream()
                .map(c -> c.getSubjectX500Principal().getName()).toList() + "]";
    }

    private static List<X509Certificate> certificates(String file, String pem) {
        if (pem == null) {
            throw new ConfigException(ConfigLoader.ES_CA_CERT, "no certificate given");
        }
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JVM has no X.509 support", e);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        Matcher block = BLOCK.matcher(pem);
        while (block.find()) {
            int n = certificates.size() + 1;
            try {
                byte[] der = Base64.getMimeDecoder().decode(block.group(1).strip());
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            } catch (IllegalArgumentException | CertificateException e) {
                throw new ConfigException(ConfigLoader.ES_CA_CERT, "certificate " + n + " in " + file
                        + " is not a valid X.509 certificate (" + e.getMessage() + ")");
            }
        }
        if (certificates.isEmpty()) {
            throw new ConfigException(ConfigLoader.ES_CA_CERT, file + " holds no PEM certificate "
                    + "(-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)");
        }
        return List.copyOf(certificates);
    }
}
