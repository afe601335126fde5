package pw.fullstack.ephemeral.provisioner.provisioning;

/** A {@code provisioner.template.*} setting no cluster could be rendered with; thrown at start, naming the setting. */
public class InvalidTemplateSettingsException extends RuntimeException {

    public InvalidTemplateSettingsException(String message) {
        super(message);
    }
}
