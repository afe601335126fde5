package pw.fullstack.ephemeral.testkit.vault;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The Kubernetes API as Vault's Kubernetes auth method uses it, for the emulator: it issues service-account
 * tokens as the kubelet's projected {@code serviceAccountToken} volume does (TokenRequest: a JWT signed by the
 * cluster with {@code sub system:serviceaccount:<ns>:<name>}, {@code aud}, {@code exp} and the {@code kubernetes.io}
 * claim), and answers the TokenReview that Vault sends each login's JWT to: a token is authenticated only if this
 * cluster signed it, it has not expired and its service account still exists. A token with edited claims, one
 * signed by another key or one of a deleted service account is not.
 */
public final class ServiceAccountTokens {

    /** The issuer a Kubernetes API server names in its service-account tokens by default. */
    public static final String ISSUER = "https://kubernetes.default.svc.cluster.local";

    private final Clock clock;
    private final KeyPair signingKey;
    /** namespace/name → uid: the service accounts that exist; deleting one invalidates its tokens. */
    private final Map<String, String> serviceAccounts = new ConcurrentHashMap<>();

    ServiceAccountTokens(Clock clock) {
        this.clock = clock;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.signingKey = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has RSA", e);
        }
    }

    /** What the TokenReview says of an authenticated token. */
    public record Reviewed(String namespace, String serviceAccount, String uid, List<String> audiences) {
    }

    /**
     * A token of the service account (created if it does not exist yet), as a pod's projected volume holds it.
     *
     * @param audience the {@code aud} the volume asks for, e.g. {@code vault}
     */
    public String issue(String namespace, String serviceAccount, String audience, Duration lifetime) {
        String uid = serviceAccounts.computeIfAbsent(namespace + "/" + serviceAccount, key -> UUID.randomUUID().toString());
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("system:serviceaccount:" + namespace + ":" + serviceAccount)
                .audience(audience)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .claim("kubernetes.io", Map.of(
                        "namespace", namespace,
                        "pod", Map.of("name", serviceAccount + "-0", "uid", UUID.randomUUID().toString()),
                        "serviceaccount", Map.of("name", serviceAccount, "uid", uid)))
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("testkit").build(), claims);
            jwt.sign(new RSASSASigner(signingKey.getPrivate()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a service-account token failed", e);
        }
    }

    /** Deletes the service account: its tokens are no longer authenticated (TokenReview says so). */
    public void deleteServiceAccount(String namespace, String serviceAccount) {
        serviceAccounts.remove(namespace + "/" + serviceAccount);
    }

    /**
     * TokenReview: the token's identity if this cluster signed it, it is within its validity and its service
     * account exists (with the uid it was issued for); empty otherwise.
     */
    Optional<Reviewed> review(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!jwt.verify(new RSASSAVerifier((RSAPublicKey) signingKey.getPublic()))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Instant now = clock.instant();
            if (claims.getExpirationTime() == null || !now.isBefore(claims.getExpirationTime().toInstant())) {
                return Optional.empty();
            }
            Map<String, Object> kubernetes = claims.getJSONObjectClaim("kubernetes.io");
            String namespace = String.valueOf(kubernetes.get("namespace"));
            Map<?, ?> account = (Map<?, ?>) kubernetes.get("serviceaccount");
            String name = String.valueOf(account.get("name"));
            String uid = String.valueOf(account.get("uid"));
            if (!uid.equals(serviceAccounts.get(namespace + "/" + name))) {
                return Optional.empty();
            }
            return Optional.of(new Reviewed(namespace, name, uid, List.copyOf(claims.getAudience())));
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The claims as Vault reads them before the review (unverified), or empty when it is not a JWT. */
    static Optional<UnverifiedClaims> claimsOf(String token) {
        try {
            JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
            Map<String, Object> kubernetes = claims.getJSONObjectClaim("kubernetes.io");
            String namespace = kubernetes == null ? null : String.valueOf(kubernetes.get("namespace"));
            Map<?, ?> account = kubernetes == null ? null : (Map<?, ?>) kubernetes.get("serviceaccount");
            String name = account == null ? null : String.valueOf(account.get("name"));
            return Optional.of(new UnverifiedClaims(namespace, name, Set.copyOf(claims.getAudience()),
                    claims.getExpirationTime() == null ? null : claims.getExpirationTime().toInstant()));
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    record UnverifiedClaims(String namespace, String serviceAccount, Set<String> audiences, Instant expires) {
    }
}
