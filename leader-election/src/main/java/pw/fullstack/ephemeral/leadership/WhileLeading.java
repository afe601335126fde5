package pw.fullstack.ephemeral.leadership;

import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Something that runs only while this replica leads, e.g. an informer: opened when leadership is acquired, closed
 * (and {@code afterClosing} run, e.g. to drop a queue) as soon as it is lost, and at shutdown.
 */
public final class WhileLeading {

    private static final Logger LOG = Logger.getLogger(WhileLeading.class);

    private final String what;
    private final Supplier<? extends AutoCloseable> open;
    private final Runnable afterClosing;
    private AutoCloseable running;

    public WhileLeading(String what, Supplier<? extends AutoCloseable> open, Runnable afterClosing) {
        this.what = what;
        this.open = open;
        this.afterClosing = afterClosing;
    }

    public synchronized void on(LeadershipChange change) {
        if (change.leading() && running == null) {
            LOG.infof("leading: %s starts", what);
            running = open.get();
        } else if (!change.leading()) {
            close();
        }
    }

    public synchronized void close() {
        if (running != null) {
            try {
                running.close();
            } catch (Exception e) {
                LOG.warnf("%s did not close cleanly: %s", what, e.toString());
            }
            running = null;
            LOG.infof("not leading: %s stopped", what);
        }
        afterClosing.run();
    }
}
