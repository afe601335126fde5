package pw.fullstack.ephemeral.testkit.vault;

import java.util.List;

/** A request the emulator answers with Vault's error shape: {@code {"errors":[...]}}. */
final class VaultRequestRejected extends RuntimeException {

    static final String CAS_MISMATCH = "check-and-set parameter did not match the current version";
    static final String CAS_REQUIRED = "check-and-set parameter required for this call";
    static final String PERMISSION_DENIED = "permission denied";
    static final String SEALED = "Vault is sealed";
    static final String BAD_JSON = "error parsing JSON";

    private final int status;
    private final List<String> errors;

    VaultRequestRejected(int status, List<String> errors) {
        super(status + " " + errors, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    static VaultRequestRejected notFound() {
        return new VaultRequestRejected(404, List.of());
    }

    static VaultRequestRejected badRequest(String error) {
        return new VaultRequestRejected(400, List.of(error));
    }

    int status() {
        return status;
    }

    List<String> errors() {
        return errors;
    }
}
