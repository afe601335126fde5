package pw.fullstack.ephemeral.installer.toolscluster;

import java.util.Map;
import java.util.Optional;

/**
 * The PR's certificate on the tools cluster: issued (the base64 values of {@code tls.crt}, {@code tls.key} and,
 * if any, {@code ca.crt}, as its Secret stores them; never logged) or not yet, and why.
 */
public record IssuedCertificate(Optional<Map<String, String>> data, String state) {

    public IssuedCertificate {
        data = data.map(Map::copyOf);
    }

    static IssuedCertificate issued(Map<String, String> data) {
        return new IssuedCertificate(Optional.of(data), "issued");
    }

    static IssuedCertificate pending(String why) {
        return new IssuedCertificate(Optional.empty(), why);
    }

    @Override
    public String toString() {
        return "IssuedCertificate[" + state + "]";
    }
}
