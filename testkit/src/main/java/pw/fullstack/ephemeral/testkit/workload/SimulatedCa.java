package pw.fullstack.ephemeral.testkit.workload;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority for the simulated cert-manager: real X.509 (BouncyCastle), so what a test reads
 * out of a Secret parses as a certificate with the names it asked for, chains to this CA, and changes
 * (serial, key) on every issuance (a key differs from the one last issued for the same names; keys come from a
 * JVM-wide pool, see {@link #POOL_SIZE}). Also the CA of {@code ScramTlsKafkaBroker}'s TLS listener.
 */
public final class SimulatedCa {

    /** An issued certificate and its key, PEM-encoded as cert-manager writes them into a {@code kubernetes.io/tls} Secret. */
    public record Issued(String certificatePem, String privateKeyPem, X509Certificate certificate) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair key;
    private final X509Certificate certificate;
    private final String certificatePem;

    public SimulatedCa(String commonName) {
        this.key = generate("ECDSA");
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + commonName);
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minusSeconds(3600)),
                    Date.from(now.plusSeconds(5L * 365 * 24 * 3600)), subject, key.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            this.certificate = sign(builder, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.certificatePem = pem(certificate);
    }

    public String certificatePem() {
        return certificatePem;
    }

    /**
     * A leaf certificate for the names (the first is the common name), signed by this CA.
     *
     * @param algorithm {@code RSA} (cert-manager's default, 2048 bits) or {@code ECDSA} (P-256)
     * @param pkcs8     the key as PKCS#8 ({@code PRIVATE KEY}) instead of PKCS#1/SEC1 (cert-manager's default)
     */
    public Issued issue(List<String> dnsNames, Instant notBefore, Instant notAfter, String algorithm, boolean pkcs8) {
        KeyPair leaf = LEAF_KEYS.next(algorithm, dnsNames);
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(certificate.getSubjectX500Principal()
                    .getName()), serial(), Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + dnsNames.get(0)),
                    leaf.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(dnsNames.stream()
                    .map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
            X509Certificate issued = sign(builder, key);
            StringWriter keyPem = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(keyPem)) {
                writer.writeObject(pkcs8 ? new JcaPKCS8Generator(leaf.getPrivate(), null) : leaf.getPrivate());
            }
            return new Issued(pem(issued), keyPem.toString(), issued);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(
                    signer.getPrivate().getAlgorithm().startsWith("RSA") ? "SHA256withRSA" : "SHA256withECDSA")
                    .build(signer.getPrivate())));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("signing a simulated certificate", e);
        }
    }

    /**
     * Leaf keys: an RSA-2048 key costs about 100 ms of CPU to generate (prime search), which made cert-manager's
     * stand-in the costliest part of the sandbox's launcher per environment. So the first {@value #POOL_SIZE} keys of
     * each algorithm are generated and then reused in turn, JVM-wide, never handing out the key last issued for the
     * same names: a renewal still gets a new key, as the contract says.
     */
    static final int POOL_SIZE = 4;
    private static final KeyPool LEAF_KEYS = new KeyPool();

    static final class KeyPool {
        private final java.util.Map<String, java.util.List<KeyPair>> byAlgorithm = new java.util.HashMap<>();
        private final java.util.Map<String, java.util.Map<List<String>, KeyPair>> lastIssued = new java.util.HashMap<>();
        private final java.util.Map<String, Integer> turn = new java.util.HashMap<>();

        synchronized KeyPair next(String algorithm, List<String> names) {
            String kind = "ECDSA".equalsIgnoreCase(algorithm) ? "ECDSA" : "RSA";
            java.util.List<KeyPair> pool = byAlgorithm.computeIfAbsent(kind, k -> new java.util.ArrayList<>());
            KeyPair previous = lastIssued.computeIfAbsent(kind, k -> new java.util.HashMap<>()).get(names);
            KeyPair key;
            if (pool.size() < POOL_SIZE) {
                key = generate(kind);
                pool.add(key);
            } else {
                int next = turn.merge(kind, 1, Integer::sum);
                key = pool.get(next % POOL_SIZE);
                if (key == previous) {
                    key = pool.get((next + 1) % POOL_SIZE);
                }
            }
            lastIssued.get(kind).put(List.copyOf(names), key);
            return key;
        }
    }

    private static KeyPair generate(String algorithm) {
        try {
            if ("ECDSA".equalsIgnoreCase(algorithm)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has RSA and P-256", e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(128, RANDOM);
    }

    private static String pem(X509Certificate certificate) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
