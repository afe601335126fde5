package pw.fullstack.ephemeral.allocator.pool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;

/**
 * The pool as a fixed, ordered list of blocks. Each range is walked from its first address; runs
 * of consecutive non-excluded addresses are cut into blocks of {@code addressesPerCluster}; an
 * excluded address ends a run, a leftover shorter than a block is not used. The same
 * configuration always gives the same blocks, so every allocator instance agrees on them.
 */
public final class Pool {

    /** A range of the pool, inclusive. */
    public record Range(Ipv4Address first, Ipv4Address last) {

        public long size() {
            return last.numeric() - first.numeric() + 1;
        }

        boolean overlaps(Range other) {
            return first.compareTo(other.last) <= 0 && other.first.compareTo(last) <= 0;
        }

        boolean contains(Ipv4Address address) {
            return first.compareTo(address) <= 0 && address.compareTo(last) <= 0;
        }

        @Override
        public String toString() {
            return first + "-" + last;
        }
    }

    private static final int MAX_ADDRESSES_PER_CLUSTER = 16;
    private static final long MAX_POOL_ADDRESSES = 65_536;

    private final List<Range> ranges;
    private final Set<Ipv4Address> excluded;
    private final int addressesPerCluster;
    private final List<Block> blocks;

    private Pool(List<Range> ranges, Set<Ipv4Address> excluded, int addressesPerCluster, List<Block> blocks) {
        this.ranges = List.copyOf(ranges);
        this.excluded = Collections.unmodifiableSet(new TreeSet<>(excluded));
        this.addressesPerCluster = addressesPerCluster;
        this.blocks = List.copyOf(blocks);
    }

    public static Pool from(PoolConfig config) {
        return of(config.ranges(), config.excluded().orElse(List.of()), config.addressesPerCluster());
    }

    /**
     * Validates and builds a pool.
     *
     * @throws PoolConfigurationException naming the {@code allocator.pool.*} setting at fault
     */
    public static Pool of(List<String> rangeTexts, List<String> excludedTexts, int addressesPerCluster) {
        String rangesKey = PoolConfig.PREFIX + ".ranges";
        String excludedKey = PoolConfig.PREFIX + ".excluded";
        String perClusterKey = PoolConfig.PREFIX + ".addresses-per-cluster";
        if (addressesPerCluster < 1 || addressesPerCluster > MAX_ADDRESSES_PER_CLUSTER) {
            throw new PoolConfigurationException(perClusterKey,
                    addressesPerCluster + " is out of range (1.." + MAX_ADDRESSES_PER_CLUSTER + ")");
        }
        if (rangeTexts == null || rangeTexts.stream().allMatch(r -> r == null || r.isBlank())) {
            throw new PoolConfigurationException(rangesKey, "at least one range is required");
        }
        List<Range> ranges = new ArrayList<>();
        long total = 0;
        for (String text : rangeTexts) {
            if (text == null || text.isBlank()) {
                continue;
            }
            Range range = parseRange(rangesKey, text.trim());
            for (Range other : ranges) {
                if (range.overlaps(other)) {
                    throw new PoolConfigurationException(rangesKey,
                            "range " + range + " overlaps range " + other);
                }
            }
            total += range.size();
            if (total > MAX_POOL_ADDRESSES) {
                throw new PoolConfigurationException(rangesKey,
                        "more than " + MAX_POOL_ADDRESSES + " addresses in the pool");
            }
            ranges.add(range);
        }
        Set<Ipv4Address> excluded = new TreeSet<>();
        for (String text : excludedTexts == null ? List.<String>of() : excludedTexts) {
            if (text == null || text.isBlank()) {
                continue;
            }
            Ipv4Address address = parseAddress(excludedKey, text.trim());
            if (ranges.stream().noneMatch(r -> r.contains(address))) {
                throw new PoolConfigurationException(excludedKey, address + " is in none of the ranges");
            }
            excluded.add(address);
        }
        List<Block> blocks = new ArrayList<>();
        for (Range range : ranges) {
            List<Block> inRange = blocksOf(range, excluded, addressesPerCluster);
            if (inRange.isEmpty()) {
                throw new PoolConfigurationException(rangesKey, "range " + range + " cannot hold one block of "
                        + addressesPerCluster + " consecutive non-excluded address(es) ("
                        + perClusterKey + "=" + addressesPerCluster + ")");
            }
            blocks.addAll(inRange);
        }
        return new Pool(ranges, excluded, addressesPerCluster, blocks);
    }

    private static List<Block> blocksOf(Range range, Set<Ipv4Address> excluded, int size) {
        List<Block> blocks = new ArrayList<>();
        List<Ipv4Address> run = new ArrayList<>(size);
        for (long n = range.first().numeric(); n <= range.last().numeric(); n++) {
            Ipv4Address address = new Ipv4Address(n);
            if (excluded.contains(address)) {
                run.clear();
                continue;
            }
            run.add(address);
            if (run.size() == size) {
                blocks.add(new Block(run));
                run.clear();
            }
        }
        return blocks;
    }

    private static Range parseRange(String key, String text) {
        int dash = text.indexOf('-');
        if (dash < 0) {
            Ipv4Address single = parseAddress(key, text);
            return new Range(single, single);
        }
        Ipv4Address first = parseAddress(key, text.substring(0, dash).trim());
        Ipv4Address last = parseAddress(key, text.substring(dash + 1).trim());
        if (first.compareTo(last) > 0) {
            throw new PoolConfigurationException(key, "range " + text + " ends before it starts");
        }
        return new Range(first, last);
    }

    private static Ipv4Address parseAddress(String key, String text) {
        try {
            return Ipv4Address.parse(text);
        } catch (InvalidInputException e) {
            throw new PoolConfigurationException(key, InvalidInputException.quote(text) + " is not an IPv4 address");
        }
    }

    public List<Range> ranges() {
        return ranges;
    }

    public Set<Ipv4Address> excluded() {
        return excluded;
    }

    public int addressesPerCluster() {
        return addressesPerCluster;
    }

    public List<Block> blocks() {
        return blocks;
    }

    /** How many clusters the pool holds at once. */
    public int capacity() {
        return blocks.size();
    }

    public boolean contains(Ipv4Address address) {
        return ranges.stream().anyMatch(r -> r.contains(address)) && !excluded.contains(address);
    }

    /** The first block in pool order none of whose addresses is taken. */
    public Optional<Block> firstFreeBlock(Predicate<Ipv4Address> taken) {
        return blocks.stream().filter(b -> b.addresses().stream().noneMatch(taken)).findFirst();
    }

    public int freeBlocks(Predicate<Ipv4Address> taken) {
        return (int) blocks.stream().filter(b -> b.addresses().stream().noneMatch(taken)).count();
    }
}
