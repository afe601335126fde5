package pw.fullstack.ephemeral.console.readmodel;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;
import java.util.function.Predicate;

/** The one read model of this process: the feed's thread applies records, the pages read it, under one lock. */
@ApplicationScoped
public class LiveReadModel {

    private final ReadModel model = new ReadModel();

    public synchronized <T> T read(Function<ReadModel, T> reader) {
        return reader.apply(model);
    }

    /** @return whether the view changed */
    public synchronized boolean update(Predicate<ReadModel> change) {
        return change.test(model);
    }
}
