package pw.fullstack.ephemeral.allocator.pool;

/** The pool configuration is unusable; the message names the setting and what is wrong with it. */
public class PoolConfigurationException extends RuntimeException {

    public PoolConfigurationException(String setting, String problem) {
        super(setting + ": " + problem);
    }
}
