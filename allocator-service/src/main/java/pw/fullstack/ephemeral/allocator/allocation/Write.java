package pw.fullstack.ephemeral.allocator.allocation;

/** One check-and-set write of one document: it succeeds only if the document is still at the version read. */
public sealed interface Write {

    int expectedVersion();

    /** For logs and conflict metrics. */
    String document();

    record MapWrite(AllocationMap map, int expectedVersion) implements Write {
        @Override
        public String document() {
            return "allocation map";
        }
    }

    record QueueWrite(AllocationQueue queue, int expectedVersion) implements Write {
        @Override
        public String document() {
            return "queue";
        }
    }

    record RecordWrite(ClusterRecord record, int expectedVersion) implements Write {
        @Override
        public String document() {
            return "cluster record";
        }
    }
}
