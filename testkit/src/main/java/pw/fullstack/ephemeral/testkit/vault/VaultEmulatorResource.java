package pw.fullstack.ephemeral.testkit.vault;

import java.util.Arrays;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a Quarkus test a {@link VaultEmulator} and points quarkus-vault at it: with the root token, or as a service
 * logs in in production.
 *
 * <p>Init args: {@code mounts} (comma-separated, default {@code kv}; the first is also the
 * high-level KV engine's mount), {@code cas-required=true} (every mount requires check-and-set),
 * {@code token}. With {@code setup-script} (deploy/vault/setup.sh, relative to the module) and {@code login-as}
 * (a service's deploy name), the script sets Vault up as an operator does and the service logs in with Kubernetes
 * auth as that role, with a ServiceAccount token of that name in {@value #NAMESPACE} (audience {@code vault}) in a
 * file: it holds only its own deploy policy, and no client token is configured. A field
 * {@code @InjectVaultEmulator VaultEmulator vault;} in the test gets the emulator.
 */
public class VaultEmulatorResource implements QuarkusTestResourceLifecycleManager {

    public static final String MOUNTS_ARG = "mounts";
    public static final String CAS_REQUIRED_ARG = "cas-required";
    public static final String TOKEN_ARG = "token";
    public static final String SETUP_SCRIPT_ARG = "setup-script";
    public static final String LOGIN_AS_ARG = "login-as";
    /** The namespace the deploy puts the services in (their ServiceAccounts', bound by Vault's roles). */
    public static final String NAMESPACE = "ephemeral-clusters";

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
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "quarkus.vault.url", emulator.url(),
                "quarkus.vault.devservices.enabled", "false",
                "quarkus.vault.kv-secret-engine-version", "2",
                "quarkus.vault.kv-secret-engine-mount-path", emulator.mountNames().get(0)));
        String service = initArgs.get(LOGIN_AS_ARG);
        if (service == null) {
            config.put("quarkus.vault.authentication.client-token", emulator.token());
        } else {
            config.putAll(kubernetesLogin(service));
        }
        return config;
    }

    private Map<String, String> kubernetesLogin(String service) {
        String script = initArgs.get(SETUP_SCRIPT_ARG);
        if (script == null) {
            throw new IllegalArgumentException(LOGIN_AS_ARG + " needs " + SETUP_SCRIPT_ARG + " (the roles and policies to log in with)");
        }
        try {
            java.nio.file.Path work = java.nio.file.Files.createTempDirectory("vault-setup");
            VaultSetupScript.run(java.nio.file.Path.of(script), emulator, Map.of("KUBERNETES_HOST", "https://kubernetes.default.svc"),
                    work);
            java.nio.file.Path token = work.resolve("service-account-token");
            java.nio.file.Files.writeString(token, emulator.serviceAccountTokens().issue(NAMESPACE, service, "vault",
                    java.time.Duration.ofDays(1)));
            // quarkus-vault's default with Kubernetes auth is to trust only the cluster CA file, absent here (and in the
            // deploy's pods): the services' %prod profile switches it off the same way
            return Map.of(
                    "quarkus.vault.authentication.kubernetes.role", service,
                    "quarkus.vault.authentication.kubernetes.jwt-token-path", token.toString(),
                    "quarkus.vault.tls.use-kubernetes-ca-cert", "false");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not prepare the Kubernetes login of " + service, e);
        }
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
