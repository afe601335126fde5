package pw.fullstack.ephemeral.testkit.vault;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link VaultEmulator} field of a Quarkus test that {@link VaultEmulatorResource} fills in,
 * so the test can seal it, inject failures or inspect what the service wrote.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectVaultEmulator {
}
