package pw.fullstack.ephemeral.testkit.github;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Checks a GitHub App JWT as GitHub does: RS256, signed with the App's key, {@code iss} = the App's
 * id (or client id), {@code iat} not in the future (60 s of clock drift tolerated), {@code exp} in the
 * future and at most 10 minutes after {@code iat}. Answers with GitHub's 401 messages.
 */
final class AppJwtVerifier {

    private static final Duration MAX_LIFETIME = Duration.ofMinutes(10);
    private static final Duration DRIFT = Duration.ofSeconds(60);

    private final long appId;
    private final String clientId;
    private final RSASSAVerifier verifier;

    AppJwtVerifier(long appId, String clientId, RSAPublicKey key) {
        this.appId = appId;
        this.clientId = clientId;
        this.verifier = new RSASSAVerifier(key);
    }

    void verify(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new GitHubRequestRejected(401, "A JSON web token could not be decoded");
        }
        try {
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                throw new GitHubRequestRejected(401, "A JSON web token could not be decoded");
            }
        } catch (JOSEException e) {
            throw new GitHubRequestRejected(401, "A JSON web token could not be decoded");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new GitHubRequestRejected(401, "A JSON web token could not be decoded");
        }
        Instant now = Instant.now();
        Date iat = claims.getIssueTime();
        Date exp = claims.getExpirationTime();
        if (iat == null || exp == null) {
            throw new GitHubRequestRejected(401, "Missing 'issued at' or 'expiration time' claim ('iat', 'exp').");
        }
        if (iat.toInstant().isAfter(now.plus(DRIFT))) {
            throw new GitHubRequestRejected(401, "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued.");
        }
        if (!exp.toInstant().isAfter(now)) {
            throw new GitHubRequestRejected(401, "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires.");
        }
        if (Duration.between(iat.toInstant(), exp.toInstant()).compareTo(MAX_LIFETIME) > 0) {
            throw new GitHubRequestRejected(401, "'Expiration time' claim ('exp') is too far in the future.");
        }
        String issuer = claims.getIssuer();
        if (issuer == null || !(issuer.equals(Long.toString(appId)) || issuer.equals(clientId))) {
            throw new GitHubRequestRejected(401, "'Issuer' claim ('iss') must be an Integer or the app's client ID.");
        }
    }
}
