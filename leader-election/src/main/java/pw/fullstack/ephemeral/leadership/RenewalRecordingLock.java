package pw.fullstack.ephemeral.leadership;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.util.Objects;

/**
 * fabric8's {@link LeaseLock}, remembering (on the monotonic clock) when this replica last wrote the lease as its
 * holder: the {@link LeaseElection}'s watchdog steps down on it even while the elector's thread hangs in a call.
 */
final class RenewalRecordingLock implements Lock {

    private final LeaseLock lease;
    private volatile long lastHeldWrite = System.nanoTime();

    RenewalRecordingLock(Candidate candidate) {
        this.lease = new LeaseLock(candidate.namespace(), candidate.leaseName(), candidate.identity());
    }

    /** {@link System#nanoTime()} of the last create or update that made this replica the holder, if any. */
    long lastHeldWrite() {
        return lastHeldWrite;
    }

    @Override
    public LeaderElectionRecord get(KubernetesClient client) {
        return lease.get(client);
    }

    @Override
    public void create(KubernetesClient client, LeaderElectionRecord record) {
        long before = System.nanoTime();
        lease.create(client, record);
        held(record, before);
    }

    @Override
    public void update(KubernetesClient client, LeaderElectionRecord record) {
        long before = System.nanoTime();
        lease.update(client, record);
        held(record, before);
    }

    /** Counted from before the call: the API server's renew time cannot be earlier than that. */
    private void held(LeaderElectionRecord record, long before) {
        if (Objects.equals(record.getHolderIdentity(), identity())) {
            lastHeldWrite = before;
        }
    }

    @Override
    public String identity() {
        return lease.identity();
    }

    @Override
    public String describe() {
        return lease.describe();
    }
}
