package pw.fullstack.ephemeral.sandbox.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.IpReleased;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;

/**
 * Watches IpAllocated/IpReleased as they happen and records every moment an address was handed to
 * a cluster while another still held it.
 */
public final class AddressLedger {

    private final Map<Ipv4Address, String> holders = new HashMap<>();
    private final List<String> conflicts = new ArrayList<>();

    public synchronized void accept(EventEnvelope<LifecycleEvent> envelope) {
        if (envelope.data() instanceof IpAllocated allocated) {
            for (Ipv4Address address : allocated.addresses()) {
                String holder = holders.putIfAbsent(address, allocated.clusterName().value());
                if (holder != null && !holder.equals(allocated.clusterName().value())) {
                    conflicts.add(address + " given to " + allocated.clusterName() + " while " + holder + " held it");
                }
            }
        } else if (envelope.data() instanceof IpReleased released) {
            released.addresses().forEach(address -> holders.remove(address, released.clusterName().value()));
        }
    }

    public synchronized List<String> conflicts() {
        return List.copyOf(conflicts);
    }

    public synchronized Map<Ipv4Address, String> held() {
        return Map.copyOf(holders);
    }
}
