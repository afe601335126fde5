package pw.fullstack.ephemeral.contracts.naming;

/**
 * How the repository's name appears in cluster and DNS names ({@link ClusterNaming}). The seed wrote
 * both: its README and IP pool tooling {@code pr-cksbackend-42}, its workflows and application
 * guide {@code pr-cks-backend-42}. In configuration: {@code compact} or {@code as-given}.
 */
public enum NameForm {
    /** Everything but {@code [a-z0-9]} dropped: {@code cks-backend} #42 → {@code pr-cksbackend-42}. The seed's README. */
    COMPACT,
    /** Lower-cased, hyphens kept: {@code cks-backend} #42 → {@code pr-cks-backend-42}. The seed's workflows. */
    AS_GIVEN
}
