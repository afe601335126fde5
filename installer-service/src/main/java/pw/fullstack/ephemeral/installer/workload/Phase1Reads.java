package pw.fullstack.ephemeral.installer.workload;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;

/**
 * What Phase 1's progress is read from: the cluster's API server (a request each), or the caches of its watches
 * ({@link WorkloadWatches}), which hold what the API server last told them.
 */
public interface Phase1Reads {

    /** The Job, or null. */
    Job job(String namespace, String name);

    /** The Deployments of a release ({@code app.kubernetes.io/instance=<release>}) in its namespace. */
    List<Deployment> deployments(String namespace, String release);

    /** The CRD, or null. */
    CustomResourceDefinition crd(String name);
}
