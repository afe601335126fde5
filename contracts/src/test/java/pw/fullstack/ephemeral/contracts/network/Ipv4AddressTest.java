package pw.fullstack.ephemeral.contracts.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pw.fullstack.ephemeral.contracts.InvalidInputException;

class Ipv4AddressTest {

    @Test
    void parsesAndPrintsADottedQuad() {
        Ipv4Address address = Ipv4Address.parse("192.168.1.140");
        assertThat(address).hasToString("192.168.1.140");
        assertThat(address.plus(9)).hasToString("192.168.1.149");
        assertThat(Ipv4Address.parse("192.168.1.255").plus(1)).hasToString("192.168.2.0");
    }

    @Test
    void ordersNumerically() {
        assertThat(Ipv4Address.parse("192.168.1.9")).isLessThan(Ipv4Address.parse("192.168.1.10"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "192.168.1", "192.168.1.1.1", "192.168.1.256", "192.168.01.1", "192.168.1.-1",
        " 192.168.1.1", "192.168.1.1\n", "localhost", "::1", "192.168.1.1/24", "1e2.0.0.1", "192.168.1.1 ; id"})
    void rejectsAnythingButAStrictDottedQuad(String text) {
        assertThatThrownBy(() -> Ipv4Address.parse(text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("IPv4");
    }
}
