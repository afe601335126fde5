package pw.fullstack.ephemeral.notifier.comment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretRedactorTest {

    @Test
    void credentialsThatLeakIntoAReasonAreRedacted() {
        String reason = "push failed with ghp_abcdefghijklmnopqrstuvwxyz0123456789 and ghs_ABCDEFGHIJKLMNOPQRSTUVWX12345678;"
                + " vault token hvs.CAESIJ0aBcDeFgHiJkLmNoPqRsTuVw; Authorization: Bearer abcdefghijklmnop123;"
                + " password=hunter2 secret: 's3cr3t value' jwt eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiI0MiJ9.c2lnbmF0dXJl"
                + " key -----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY----- AKIAABCDEFGHIJKLMNOP";

        String redacted = SecretRedactor.redact(reason);

        assertThat(redacted).doesNotContain("ghp_abc", "ghs_ABC", "hvs.CAES", "abcdefghijklmnop123", "hunter2", "s3cr3t",
                "eyJhbGci", "MIIEow", "BEGIN RSA", "AKIAABCD");
        assertThat(redacted).startsWith("push failed with [redacted]");
    }

    @Test
    void ordinaryReasonsAreUntouched() {
        String reason = "not ready after 15 minutes: Available=False: WaitingForControlPlane";
        assertThat(SecretRedactor.redact(reason)).isEqualTo(reason);
    }
}
