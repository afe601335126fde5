package pw.fullstack.ephemeral.testkit.upstream;

/** An upstream file that cannot be used as pinned; the message says which file, what is wrong and how to fix it. */
public final class UpstreamFileException extends IllegalStateException {

    private final String problem;

    UpstreamFileException(String problem, String context) {
        super(problem + ". " + context);
        this.problem = problem;
    }

    /** The one-line problem, without the directory's and the fix's explanation. */
    public String problem() {
        return problem;
    }
}
