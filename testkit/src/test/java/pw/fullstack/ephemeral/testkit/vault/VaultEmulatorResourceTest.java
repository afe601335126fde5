package pw.fullstack.ephemeral.testkit.vault;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.function.Predicate;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VaultEmulatorResourceTest {

    /** Stands in for a Quarkus test class. */
    static class SomeServiceTest {
        @InjectVaultEmulator
        VaultEmulator vault;

        VaultEmulator notAnnotated;
    }

    @Test
    void pointsQuarkusVaultAtTheEmulatorWithTokenAuthAndNoDevServices() {
        VaultEmulatorResource resource = new VaultEmulatorResource();
        resource.init(Map.of("mounts", "secrets, kv", "token", "s.test"));
        try {
            Map<String, String> config = resource.start();

            assertThat(config.get("quarkus.vault.url")).startsWith("http://127.0.0.1:");
            assertThat(config).containsEntry("quarkus.vault.authentication.client-token", "s.test")
                    .containsEntry("quarkus.vault.devservices.enabled", "false")
                    .containsEntry("quarkus.vault.kv-secret-engine-version", "2")
                    .containsEntry("quarkus.vault.kv-secret-engine-mount-path", "secrets");
        } finally {
            resource.stop();
        }
    }

    @Test
    void injectsTheRunningEmulatorIntoTheAnnotatedFieldOnly() {
        VaultEmulatorResource resource = new VaultEmulatorResource();
        resource.init(Map.of("cas-required", "true"));
        try {
            Map<String, String> config = resource.start();
            SomeServiceTest test = new SomeServiceTest();

            resource.inject(new ReflectiveInjector(test));

            assertThat(test.vault).isNotNull();
            assertThat(test.vault.url()).isEqualTo(config.get("quarkus.vault.url"));
            assertThat(test.vault.mountNames()).containsExactly("kv");
            assertThat(test.notAnnotated).isNull();
        } finally {
            resource.stop();
        }
    }

    /** What Quarkus' own TestInjector does with the test instance. */
    private record ReflectiveInjector(Object testInstance) implements TestInjector {
        @Override
        public void injectIntoFields(Object fieldValue, Predicate<Field> predicate) {
            for (Field field : testInstance.getClass().getDeclaredFields()) {
                if (predicate.test(field)) {
                    try {
                        field.setAccessible(true);
                        field.set(testInstance, fieldValue);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }
}
