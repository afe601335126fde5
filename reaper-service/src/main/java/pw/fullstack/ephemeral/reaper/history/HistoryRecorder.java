package pw.fullstack.ephemeral.reaper.history;

import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.kv.VaultUnavailableException;
import pw.fullstack.ephemeral.kv.Versioned;
import pw.fullstack.ephemeral.reaper.vault.ReaperVault;

/**
 * Records a PR's open or close in its {@link PrHistory}: read, merge, write with check-and-set,
 * and on a conflict (another replica, another event of the same PR) read and merge again. Merging
 * only moves times forward, so the order of concurrent writers does not matter, and a replay finds
 * nothing to change and writes nothing.
 */
public class HistoryRecorder {

    private static final Logger LOG = Logger.getLogger(HistoryRecorder.class);
    private static final int ATTEMPTS = 20;

    private final ReaperVault vault;

    public HistoryRecorder(ReaperVault vault) {
        this.vault = vault;
    }

    /** @return whether the history changed */
    public boolean record(String cluster, UnaryOperator<PrHistory> change) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Versioned<PrHistory> current = vault.history(cluster);
            PrHistory next = change.apply(current.value());
            if (next.sameAs(current.value()) && current.version() > 0) {
                return false;
            }
            if (vault.writeHistory(next, current.version())) {
                return true;
            }
            LOG.debugf("%s: history changed meanwhile, merging again", cluster);
        }
        throw new VaultUnavailableException("Vault write " + vault.historyPath(cluster) + " kept conflicting ("
                + ATTEMPTS + " check-and-set attempts)", null);
    }
}
