package pw.fullstack.ephemeral.installer.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.Map;
import pw.fullstack.ephemeral.testkit.workload.SimulatedWorkloads;
import pw.fullstack.ephemeral.testkit.workload.WorkloadBehaviour;

/**
 * Simulated K3s workload clusters and the fake DNS zone they publish into; the installer's resolver is
 * pointed at the fake DNS server on loopback. A test field annotated {@link InjectWorkloads} receives it.
 */
public class WorkloadsResource implements QuarkusTestResourceLifecycleManager {

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectWorkloads {
    }

    private SimulatedWorkloads workloads;

    @Override
    public Map<String, String> start() {
        workloads = SimulatedWorkloads.start(WorkloadBehaviour.installsAfter(Duration.ofMillis(150)));
        return Map.of(
                "installer.dns-check.server", workloads.dnsServer().host(),
                "installer.dns-check.port", Integer.toString(workloads.dnsServer().port()));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(workloads, new TestInjector.AnnotatedAndMatchesType(InjectWorkloads.class,
                SimulatedWorkloads.class));
    }

    @Override
    public void stop() {
        if (workloads != null) {
            workloads.close();
        }
    }
}
