package pw.fullstack.ephemeral.testkit.vault;

import java.util.Arrays;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a Quarkus test a {@link VaultEmulator} and points quarkus-vault at it with token auth.
 *
 * <p>Init args: {@code mounts} (comma-separated, default {@code kv}; the first is also the
 * high-level KV engine's mount), {@code cas-required=true} (every mount requires check-and-set),
 * {@code token}. A field {@code @InjectVaultEmulator VaultEmulator vault;} in the test gets the emulator.
 */
public class VaultEmulatorResource implements QuarkusTestResourceLifecycleManager {

    public static final String MOUNTS_ARG = "mounts";
    public static final String CAS_REQUIRED_ARG = "cas-required";
    public static final String TOKEN_ARG = "token";

    private Map<String, String> initArgs = Map.of();
    private VaultEmulator emulator;

    @Override
    public void init(Map<String, String> initArgs) {
        this.initArgs = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        boolean casRequired = Boolean.parseBoolean(initArgs.getOrDefault(CAS_REQUIRED_ARG, "false"));
        VaultEmulator.Builder builder = VaultEmulator.builder()
                .token(initArgs.getOrDefault(TOKEN_ARG, VaultEmulator.DEFAULT_TOKEN));
        String[] mountNames = initArgs.getOrDefault(MOUNTS_ARG, VaultEmulator.DEFAULT_MOUNT).split(",");
        Arrays.stream(mountNames)
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .map(name -> new KvMount(name, casRequired, KvMount.VAULT_DEFAULT_MAX_VERSIONS))
                .forEach(builder::mount);
        emulator = builder.start();
        return Map.of(
                "quarkus.vault.url", emulator.url(),
                "quarkus.vault.authentication.client-token", emulator.token(),
                "quarkus.vault.devservices.enabled", "false",
                "quarkus.vault.kv-secret-engine-version", "2",
                "quarkus.vault.kv-secret-engine-mount-path", emulator.mountNames().get(0));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(emulator, new TestInjector.AnnotatedAndMatchesType(InjectVaultEmulator.class, VaultEmulator.class));
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }
}
