package pw.fullstack.ephemeral.github.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The JWT a GitHub App authenticates as itself with: RS256, {@code iss} = the App's id (or client
 * id), {@code iat} 60 seconds in the past (GitHub's advice against clock drift) and {@code exp} nine
 * minutes after it, inside GitHub's ten-minute maximum.
 */
public final class AppJwt {

    static final Duration BACKDATE = Duration.ofSeconds(60);
    static final Duration LIFETIME = Duration.ofMinutes(9);

    private AppJwt() {
    }

    public static String sign(String appId, RSAPrivateKey key, Instant now) {
        Instant issued = now.minus(BACKDATE);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(appId)
                .issueTime(Date.from(issued))
                .expirationTime(Date.from(issued.plus(LIFETIME)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing the GitHub App JWT failed: " + e.getMessage());
        }
        return jwt.serialize();
    }
}
