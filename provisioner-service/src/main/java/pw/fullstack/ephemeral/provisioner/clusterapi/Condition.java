package pw.fullstack.ephemeral.provisioner.clusterapi;

/** One status condition of a Cluster, as Cluster API reports it. */
public record Condition(String type, String status, String reason, String message) {

    public boolean isTrue() {
        return "True".equals(status);
    }

    /** {@code Type=Status: reason: message}, one line, for ProvisioningFailed's lastConditions. */
    public String describe() {
        StringBuilder text = new StringBuilder(type).append('=').append(status);
        if (reason != null && !reason.isBlank()) {
            text.append(": ").append(reason);
        }
        if (message != null && !message.isBlank()) {
            text.append(": ").append(message);
        }
        String line = text.toString().replaceAll("[\\r\\n\\t]+", " ");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
