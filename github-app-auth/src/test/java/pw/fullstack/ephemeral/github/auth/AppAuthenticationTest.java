package pw.fullstack.ephemeral.github.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.testkit.github.GitHubAppKey;
import pw.fullstack.ephemeral.testkit.github.GitHubDouble;

class AppAuthenticationTest {

    private static final GitHubAppKey KEY = GitHubAppKey.generate();
    private static final String SETTING = "some-service.github.app.private-key";

    @Test
    void readsTheKeyInTheFormatGitHubHandsOutAndInPkcs8() throws Exception {
        var pkcs1 = PemPrivateKey.parse(KEY.privateKeyPem(), SETTING);
        StringWriter pkcs8 = new StringWriter();
        try (PemWriter writer = new PemWriter(pkcs8)) {
            writer.writeObject(new JcaPKCS8Generator(pkcs1, null));
        }

        assertThat(KEY.privateKeyPem()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(PemPrivateKey.parse(pkcs8.toString(), SETTING)).isEqualTo(pkcs1);
        assertThat(PemPrivateKey.parse(KEY.privateKeyPem().replace("\n", "\\n"), SETTING)).isEqualTo(pkcs1);
    }

    @Test
    void aBrokenKeyStopsWithAMessageThatNamesTheSettingAndDoesNotQuoteIt() {
        String broken = "-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END RSA PRIVATE KEY-----";
        assertThatThrownBy(() -> PemPrivateKey.parse(broken, SETTING))
                .hasMessageStartingWith(SETTING)
                .hasMessageNotContaining("c2VjcmV0");
        assertThatThrownBy(() -> PemPrivateKey.parse("not a key", SETTING)).hasMessageStartingWith(SETTING);
        assertThatThrownBy(() -> PemPrivateKey.parse(" ", SETTING)).hasMessage(SETTING + " is empty");
    }

    @Test
    void theJwtIsWhatGitHubAsksFor() throws Exception {
        Instant now = Instant.parse("2026-11-28T10:00:00Z");
        SignedJWT jwt = SignedJWT.parse(AppJwt.sign("4242", PemPrivateKey.parse(KEY.privateKeyPem(), SETTING), now));

        assertThat(jwt.verify(new RSASSAVerifier(KEY.publicKey()))).isTrue();
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("4242");
        assertThat(jwt.getJWTClaimsSet().getIssueTime().toInstant()).isEqualTo(now.minusSeconds(60));
        assertThat(Duration.between(jwt.getJWTClaimsSet().getIssueTime().toInstant(),
                jwt.getJWTClaimsSet().getExpirationTime().toInstant())).isLessThanOrEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void theGitHubDoubleExchangesTheJwtForAnInstallationToken() throws Exception {
        try (GitHubDouble github = GitHubDouble.builder().app(4242, "ephemeral-clusters", KEY.publicKey())
                .installation(77, "fullstack-pw").start()) {
            String jwt = AppJwt.sign("4242", PemPrivateKey.parse(KEY.privateKeyPem(), SETTING), Instant.now());
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(github.url() + "/app/installations/77/access_tokens"))
                    .header("Authorization", "Bearer " + jwt).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.body()).contains("\"token\":\"ghs_");
        }
    }
}
