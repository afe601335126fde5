package pw.fullstack.ephemeral.installer.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.testkit.workload.FakeDnsServer;
import pw.fullstack.ephemeral.testkit.workload.FakeDnsZone;

/** The resolver speaks the DNS protocol to a server on loopback: answers, NXDOMAIN and silence. */
class DnsResolverTest {

    @Test
    void resolvesARecordsTellsNxdomainFromNoAnswer() {
        FakeDnsZone zone = new FakeDnsZone();
        zone.seed("pihole", "pr-42-cksbackend.ephemeral.fullstack.pw", List.of("192.168.1.140"), "manual");
        try (FakeDnsServer server = FakeDnsServer.start(zone)) {
            Duration timeout = Duration.ofMillis(500);
            assertThat(DnsResolver.resolve(server.host(), server.port(), timeout, "pr-42-cksbackend.ephemeral.fullstack.pw")
                    .addresses()).containsExactly("192.168.1.140");
            var missing = DnsResolver.resolve(server.host(), server.port(), timeout, "pr-43-cksbackend.ephemeral.fullstack.pw");
            assertThat(missing.addresses()).isEmpty();
            assertThat(missing.error()).isEmpty();
            server.answering(false);
            var silent = DnsResolver.resolve(server.host(), server.port(), timeout, "pr-42-cksbackend.ephemeral.fullstack.pw");
            assertThat(silent.error()).isPresent();
            assertThat(silent.resolvesTo("192.168.1.140")).isFalse();
            assertThat(silent.goneFor("192.168.1.140")).as("silence is not proof the record is gone").isFalse();
        }
    }
}
