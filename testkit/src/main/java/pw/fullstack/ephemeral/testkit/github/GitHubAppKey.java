package pw.fullstack.ephemeral.testkit.github;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * A GitHub App's key pair as GitHub hands it out: the private key as a PKCS#1 PEM
 * ({@code -----BEGIN RSA PRIVATE KEY-----}), which is what an operator pastes into the service's
 * configuration, and the public key the double verifies App JWTs with.
 */
public record GitHubAppKey(String privateKeyPem, RSAPublicKey publicKey) {

    @Override
    public String toString() {
        return "GitHubAppKey[private key hidden]";
    }

    public static GitHubAppKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                writer.writeObject(pair.getPrivate());
            }
            return new GitHubAppKey(pem.toString(), (RSAPublicKey) pair.getPublic());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has RSA", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
