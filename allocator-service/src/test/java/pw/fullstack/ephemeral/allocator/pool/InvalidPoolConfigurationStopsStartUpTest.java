package pw.fullstack.ephemeral.allocator.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pool is built eagerly: a bad setting stops the application before it consumes anything. */
class InvalidPoolConfigurationStopsStartUpTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(PoolConfig.class, PoolProducer.class, Pool.class, Block.class,
                    PoolConfigurationException.class))
            .overrideConfigKey("allocator.pool.ranges", "192.168.1.140-192.168.1.149,192.168.1.145-192.168.1.160")
            .overrideConfigKey("quarkus.devservices.enabled", "false")
            .overrideConfigKey("quarkus.kafka.devservices.enabled", "false")
            .overrideConfigKey("quarkus.vault.devservices.enabled", "false")
            .assertException(failure -> {
                Throwable cause = failure;
                // by name: the application's classes come from Quarkus's class loader, not the test's
                while (cause != null && !cause.getClass().getName().equals(PoolConfigurationException.class.getName())) {
                    cause = cause.getCause();
                }
                assertThat(cause).as(() -> "start-up failed otherwise: " + failure).isNotNull()
                        .hasMessage("allocator.pool.ranges: range 192.168.1.145-192.168.1.160 overlaps range "
                                + "192.168.1.140-192.168.1.149");
            });

    @Test
    void overlappingRangesStopStartUpWithAMessageNamingTheSetting() {
        // the assertion is on start-up, in assertException above; reaching here means it failed to fail
        throw new AssertionError("the application should not have started");
    }
}
