package pw.fullstack.ephemeral.allocator.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static pw.fullstack.ephemeral.allocator.Fixtures.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.allocator.pool.Block;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;

class AllocationMapTest {

    @Test
    void readsTheSeedFormatAndDoesNotCountTheEmptyMarkerAsAnAddress() {
        AllocationMap map = AllocationMap.fromVault(Map.of("_empty", "true", "192.168.1.140", "pr-cksbackend-7"));

        assertThat(map.allocations()).containsOnly(Map.entry(Ipv4Address.parse("192.168.1.140"), "pr-cksbackend-7"));
        assertThat(map.addressesOf(cluster(7))).containsExactly(Ipv4Address.parse("192.168.1.140"));
    }

    @Test
    void dropsTheEmptyMarkerOnceAnAddressIsAllocated() {
        AllocationMap map = AllocationMap.fromVault(Map.of("_empty", "true"));

        Map<String, Object> written = map.with(cluster(1), Block.of("192.168.1.140")).toVault();

        assertThat(written).containsExactly(Map.entry("192.168.1.140", cluster(1).value()));
    }

    @Test
    void writesTheEmptyMarkerBackWhenTheLastBlockIsReleasedSoTheSeedToolingStillReadsIt() {
        AllocationMap map = AllocationMap.fromVault(Map.of("192.168.1.140", cluster(1).value()));

        assertThat(map.without(cluster(1)).toVault()).containsExactly(Map.entry("_empty", "true"));
    }

    @Test
    void keepsKeysWrittenByOtherToolingUntouched() {
        Map<String, Object> seed = new LinkedHashMap<>();
        seed.put("note", "managed by allocator");
        seed.put("10.9.9.9", "legacy-vm");
        AllocationMap map = AllocationMap.fromVault(seed);

        Map<String, Object> written = map.with(cluster(2), Block.of("192.168.1.141")).toVault();

        assertThat(written).containsEntry("note", "managed by allocator").containsEntry("10.9.9.9", "legacy-vm")
                .containsEntry("192.168.1.141", cluster(2).value());
    }

    @Test
    void releasesEveryAddressOfTheClusterAndNothingElse() {
        AllocationMap map = AllocationMap.empty()
                .with(cluster(1), Block.of("10.0.0.1", "10.0.0.2"))
                .with(cluster(2), Block.of("10.0.0.3", "10.0.0.4"));

        AllocationMap released = map.without(cluster(1));

        assertThat(released.holds(cluster(1))).isFalse();
        assertThat(released.addressesOf(cluster(2))).hasSize(2);
    }
}
