package pw.fullstack.ephemeral.allocator.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PoolTest {

    @Test
    void theSeedDefaultsGiveTenBlocksOfOneAddress() {
        Pool pool = Pool.of(List.of("192.168.1.140-192.168.1.149"), List.of(), 1);

        assertThat(pool.capacity()).isEqualTo(10);
        assertThat(pool.blocks().get(0)).isEqualTo(Block.of("192.168.1.140"));
        assertThat(pool.blocks().get(9)).isEqualTo(Block.of("192.168.1.149"));
    }

    @Test
    void twoAddressesPerClusterGiveConsecutivePairsVipFirst() {
        Pool pool = Pool.of(List.of("192.168.1.140-192.168.1.149"), List.of(), 2);

        assertThat(pool.capacity()).isEqualTo(5);
        assertThat(pool.blocks()).first().isEqualTo(Block.of("192.168.1.140", "192.168.1.141"));
        assertThat(pool.blocks()).last().isEqualTo(Block.of("192.168.1.148", "192.168.1.149"));
    }

    @Test
    void anExcludedAddressEndsARunAndALeftoverShorterThanABlockIsNotUsed() {
        Pool pool = Pool.of(List.of("10.0.0.1-10.0.0.8"), List.of("10.0.0.4"), 2);

        assertThat(pool.blocks()).containsExactly(Block.of("10.0.0.1", "10.0.0.2"), Block.of("10.0.0.5", "10.0.0.6"),
                Block.of("10.0.0.7", "10.0.0.8"));
        assertThat(pool.contains(pw.fullstack.ephemeral.contracts.network.Ipv4Address.parse("10.0.0.4"))).isFalse();
    }

    @Test
    void severalRangesAreUsedInTheOrderGiven() {
        Pool pool = Pool.of(List.of("10.0.1.5", "10.0.0.1-10.0.0.2"), List.of(), 1);

        assertThat(pool.blocks()).containsExactly(Block.of("10.0.1.5"), Block.of("10.0.0.1"), Block.of("10.0.0.2"));
    }

    @Test
    void rejectsOverlappingRangesNamingTheSetting() {
        assertThatThrownBy(() -> Pool.of(List.of("10.0.0.1-10.0.0.10", "10.0.0.10-10.0.0.20"), List.of(), 1))
                .isInstanceOf(PoolConfigurationException.class)
                .hasMessageStartingWith("allocator.pool.ranges: ")
                .hasMessageContaining("overlaps");
    }

    @Test
    void rejectsARangeThatCannotHoldOneBlock() {
        assertThatThrownBy(() -> Pool.of(List.of("10.0.0.1-10.0.0.10", "10.0.1.1"), List.of(), 2))
                .isInstanceOf(PoolConfigurationException.class)
                .hasMessageStartingWith("allocator.pool.ranges: ")
                .hasMessageContaining("10.0.1.1-10.0.1.1 cannot hold one block")
                .hasMessageContaining("allocator.pool.addresses-per-cluster=2");
    }

    @Test
    void rejectsARangeLeftWithoutABlockByExclusions() {
        assertThatThrownBy(() -> Pool.of(List.of("10.0.0.1-10.0.0.3"), List.of("10.0.0.2"), 2))
                .isInstanceOf(PoolConfigurationException.class)
                .hasMessageContaining("cannot hold one block");
    }

    @Test
    void rejectsABadAddressNamingTheSetting() {
        assertThatThrownBy(() -> Pool.of(List.of("192.168.1.140-192.168.1.300"), List.of(), 1))
                .isInstanceOf(PoolConfigurationException.class)
                .hasMessage("allocator.pool.ranges: \"192.168.1.300\" is not an IPv4 address");
        assertThatThrownBy(() -> Pool.of(List.of("192.168.1.140-192.168.1.149"), List.of("gateway"), 1))
                .isInstanceOf(PoolConfigurationException.class)
                .hasMessage("allocator.pool.excluded: \"gateway\" is not an IPv4 address");
    }

    @Test
    void rejectsARangeThatEndsBeforeItStarts() {
        assertThatThrownBy(() -> Pool.of(List.of("10.0.0.9-10.0.0.1"), List.of(), 1))
                .hasMessageStartingWith("allocator.pool.ranges: ")
                .hasMessageContaining("ends before it starts");
    }

    @Test
    void rejectsAnExcludedAddressOutsideEveryRange() {
        assertThatThrownBy(() -> Pool.of(List.of("10.0.0.1-10.0.0.9"), List.of("10.0.1.1"), 1))
                .hasMessage("allocator.pool.excluded: 10.0.1.1 is in none of the ranges");
    }

    @Test
    void rejectsAddressesPerClusterOutOfRange() {
        assertThatThrownBy(() -> Pool.of(List.of("10.0.0.1-10.0.0.9"), List.of(), 0))
                .hasMessageStartingWith("allocator.pool.addresses-per-cluster: 0 is out of range");
    }

    @Test
    void rejectsAnEmptyRangeList() {
        assertThatThrownBy(() -> Pool.of(List.of(" "), List.of(), 1))
                .hasMessage("allocator.pool.ranges: at least one range is required");
    }
}
