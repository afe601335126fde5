package pw.fullstack.ephemeral.github.auth;

import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads a GitHub App's private key: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, what GitHub hands out) or
 * PKCS#8 ({@code BEGIN PRIVATE KEY}). Errors name the setting the key came from and never quote the key.
 */
public final class PemPrivateKey {

    private PemPrivateKey() {
    }

    /** @param setting the configuration key the PEM came from, named in every refusal */
    public static RSAPrivateKey parse(String pem, String setting) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException(setting + " is empty");
        }
        // Keys pasted into environment variables often arrive with literal "\n".
        String text = pem.contains("\\n") && !pem.contains("\n") ? pem.replace("\\n", "\n") : pem;
        try (PEMParser parser = new PEMParser(new StringReader(text.strip()))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            PrivateKey key;
            if (object instanceof PEMKeyPair pair) {
                key = converter.getKeyPair(pair).getPrivate();
            } else if (object instanceof PrivateKeyInfo info) {
                key = converter.getPrivateKey(info);
            } else {
                throw new IllegalArgumentException(setting + " is not an unencrypted PEM private key"
                        + " (expected BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY)");
            }
            if (!(key instanceof RSAPrivateKey rsa)) {
                throw new IllegalArgumentException(setting + " is not an RSA key; GitHub App keys are RSA");
            }
            return rsa;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) e;
            }
            throw new IllegalArgumentException(setting + " could not be read as PEM ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
