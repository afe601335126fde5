package pw.fullstack.ephemeral.console.feed;

/**
 * Whether the console shows what the topic holds: it has read every record that was on the topics when it started
 * (the replay), and its last look at the broker succeeded.
 *
 * @param replayed    the replay is over
 * @param behind      records of the replay still to read (0 once replayed)
 * @param kafkaError  why the broker could not be reached at the last look, null when it could
 */
public record FeedHealth(boolean replayed, long behind, String kafkaError) {

    public static final FeedHealth STARTING = new FeedHealth(false, -1, null);

    public boolean ready() {
        return replayed && kafkaError == null;
    }

    public String reason() {
        if (kafkaError != null) {
            return "Kafka unavailable: " + kafkaError;
        }
        if (!replayed) {
            return behind < 0 ? "not connected to Kafka yet" : "replaying the lifecycle topic: " + behind + " records to read";
        }
        return "caught up";
    }
}
