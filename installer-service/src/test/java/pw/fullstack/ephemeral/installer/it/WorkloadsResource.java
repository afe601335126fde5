package pw.fullstack.ephemeral.installer.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.testkit.kubernetes.ToolsClusterResource;
import pw.fullstack.ephemeral.testkit.workload.SimulatedWorkloads;
import pw.fullstack.ephemeral.testkit.workload.ToolsClusterPlatform;
import pw.fullstack.ephemeral.testkit.workload.WorkloadBehaviour;

/**
 * The tools cluster ({@link ToolsClusterResource}) with the platform's external-dns and cert-manager on it
 * ({@link ToolsClusterPlatform}, ClusterIssuer {@code letsencrypt-staging}), simulated K3s workload clusters,
 * and the fake DNS zone both publish into; the installer's resolver is pointed at the fake DNS server on
 * loopback (init arg {@value #TOOLS_PLATFORM} {@code false}: no platform on the tools cluster). Fields annotated {@link InjectWorkloads} and {@link InjectToolsPlatform} receive the workloads and
 * the platform; {@link ToolsClusterResource.InjectToolsCluster} the tools cluster.
 */
public class WorkloadsResource extends ToolsClusterResource {

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectWorkloads {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectToolsPlatform {
    }

    /** Init arg: {@code false} for a site whose tools cluster runs no external-dns for the PRs (the in-cluster publisher). */
    public static final String TOOLS_PLATFORM = "tools-platform";

    private SimulatedWorkloads workloads;
    private ToolsClusterPlatform platform;
    private boolean withPlatform = true;

    @Override
    public void init(Map<String, String> initArgs) {
        withPlatform = Boolean.parseBoolean(initArgs.getOrDefault(TOOLS_PLATFORM, "true"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new LinkedHashMap<>(super.start());
        workloads = SimulatedWorkloads.start(WorkloadBehaviour.installsAfter(Duration.ofMillis(150)));
        if (withPlatform) {
            platform = workloads.startToolsClusterPlatform(tools.client(), ClusterNaming.DEFAULT_DOMAIN, "letsencrypt-staging");
        }
        config.put("installer.dns-check.server", workloads.dnsServer().host());
        config.put("installer.dns-check.port", Integer.toString(workloads.dnsServer().port()));
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        super.inject(testInjector);
        testInjector.injectIntoFields(workloads, new TestInjector.AnnotatedAndMatchesType(InjectWorkloads.class,
                SimulatedWorkloads.class));
        testInjector.injectIntoFields(platform, new TestInjector.AnnotatedAndMatchesType(InjectToolsPlatform.class,
                ToolsClusterPlatform.class));
    }

    @Override
    public void stop() {
        if (workloads != null) {
            workloads.close();
        }
        super.stop();
    }
}
