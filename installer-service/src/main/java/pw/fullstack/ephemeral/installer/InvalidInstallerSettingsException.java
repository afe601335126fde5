package pw.fullstack.ephemeral.installer;

/** A setting the installer cannot work with: thrown at start-up, so the service stops before it installs anything. */
public class InvalidInstallerSettingsException extends RuntimeException {

    public InvalidInstallerSettingsException(String message) {
        super(message);
    }

    public InvalidInstallerSettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
