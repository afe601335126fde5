package pw.fullstack.ephemeral.testkit.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedCaTest {

    @Test
    void aRenewalGetsANewKeyEvenWhenThePoolComesRoundToTheKeyItHad() {
        SimulatedCa.KeyPool pool = new SimulatedCa.KeyPool();
        for (int i = 0; i < SimulatedCa.POOL_SIZE; i++) {
            pool.next("ECDSA", List.of("fill-" + i + ".example"));
        }
        List<String> names = List.of("pr-42.ephemeral.fullstack.pw");
        KeyPair first = pool.next("ECDSA", names);
        for (int i = 0; i < SimulatedCa.POOL_SIZE - 1; i++) {
            pool.next("ECDSA", List.of("other-" + i + ".example"));
        }

        KeyPair renewed = pool.next("ECDSA", names);

        assertThat(renewed).isNotSameAs(first);
        assertThat(renewed.getPublic()).isNotEqualTo(first.getPublic());
    }

    @Test
    void everyIssuanceHasItsOwnSerialAndAKeyThatDiffersFromTheLastOneForTheSameNames() {
        SimulatedCa ca = new SimulatedCa("testkit");
        Instant now = Instant.now();
        List<String> names = List.of("pr-7.ephemeral.fullstack.pw");
        SimulatedCa.Issued previous = ca.issue(names, now, now.plusSeconds(3600), "ECDSA", false);
        for (int i = 0; i < 2 * SimulatedCa.POOL_SIZE; i++) {
            SimulatedCa.Issued next = ca.issue(names, now, now.plusSeconds(3600), "ECDSA", false);
            assertThat(next.privateKeyPem()).isNotEqualTo(previous.privateKeyPem());
            assertThat(next.certificate().getSerialNumber()).isNotEqualTo(previous.certificate().getSerialNumber());
            previous = next;
        }
    }
}
