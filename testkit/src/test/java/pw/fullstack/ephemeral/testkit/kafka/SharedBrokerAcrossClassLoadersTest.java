package pw.fullstack.ephemeral.testkit.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quarkus loads test resources anew in a fresh class loader when it restarts the application
 * between test classes; the shared broker must be found again, not started twice.
 */
class SharedBrokerAcrossClassLoadersTest {

    @Test
    void findsTheBrokerAnotherClassLoaderStartedInsteadOfStartingASecondOne() throws Exception {
        Object firstApplication = resourceFrom(new TestkitKafkaClassesFirst());
        Object secondApplication = resourceFrom(new TestkitKafkaClassesFirst());
        assertThat(firstApplication.getClass()).isNotSameAs(secondApplication.getClass());

        String first = bootstrapServers(firstApplication);
        stop(firstApplication);
        String second = bootstrapServers(secondApplication);
        stop(secondApplication);

        assertThat(second).isEqualTo(first);
    }

    private static Object resourceFrom(ClassLoader loader) throws Exception {
        Class<?> resourceClass = loader.loadClass(KafkaBrokerResource.class.getName());
        Object resource = resourceClass.getConstructor().newInstance();
        resourceClass.getMethod("init", Map.class).invoke(resource, Map.of());
        return resource;
    }

    @SuppressWarnings("unchecked")
    private static String bootstrapServers(Object resource) throws Exception {
        Method start = resource.getClass().getMethod("start");
        return ((Map<String, String>) start.invoke(resource)).get("kafka.bootstrap.servers");
    }

    private static void stop(Object resource) throws Exception {
        resource.getClass().getMethod("stop").invoke(resource);
    }

    /** Defines testkit's kafka classes itself (as a new Quarkus application's loader would), delegates the rest. */
    private static final class TestkitKafkaClassesFirst extends ClassLoader {
        private static final String OWN_PACKAGE = KafkaBrokerResource.class.getPackageName() + ".";

        TestkitKafkaClassesFirst() {
            super(SharedBrokerAcrossClassLoadersTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(OWN_PACKAGE) || name.contains("Test")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded != null) {
                    return loaded;
                }
                try (InputStream bytes = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                    if (bytes == null) {
                        throw new ClassNotFoundException(name);
                    }
                    byte[] code = bytes.readAllBytes();
                    return defineClass(name, code, 0, code.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        }
    }
}
