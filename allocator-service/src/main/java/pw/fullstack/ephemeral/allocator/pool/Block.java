package pw.fullstack.ephemeral.allocator.pool;

import java.util.List;
import java.util.stream.Collectors;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;

/** The consecutive addresses one cluster gets, in order (first = control-plane VIP when there are two). */
public record Block(List<Ipv4Address> addresses) {

    public Block {
        if (addresses == null || addresses.isEmpty()) {
            throw new IllegalArgumentException("a block has at least one address");
        }
        addresses = List.copyOf(addresses);
    }

    public static Block of(String... addresses) {
        return new Block(java.util.Arrays.stream(addresses).map(Ipv4Address::parse).toList());
    }

    public Ipv4Address first() {
        return addresses.get(0);
    }

    @Override
    public String toString() {
        return addresses.stream().map(Ipv4Address::toString).collect(Collectors.joining(","));
    }
}
