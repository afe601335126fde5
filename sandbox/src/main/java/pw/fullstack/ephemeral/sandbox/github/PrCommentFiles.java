package pw.fullstack.ephemeral.sandbox.github;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.testkit.github.Comment;

/**
 * Writes each PR's comment, as GitHub shows it, to {@code <directory>/<owner>/<repo>/<number>.md}
 * whenever the notifier creates or edits it on the GitHub double: the Markdown without the hidden
 * HTML-comment lines (GitHub does not show them either). Written to a temporary file and moved, so
 * a reader never sees half a comment.
 */
public final class PrCommentFiles {

    private static final Pattern HIDDEN_LINE = Pattern.compile("^<!--.*-->$");

    private final Path directory;
    private final String botLogin;

    public PrCommentFiles(Path directory, String botLogin) {
        this.directory = directory;
        this.botLogin = botLogin;
    }

    public Path directory() {
        return directory;
    }

    public Path file(PullRequestRef pr) {
        return directory.resolve(pr.repository().owner()).resolve(pr.repository().name()).resolve(pr.number() + ".md");
    }

    /** The file of the PR's comment, if the notifier has written one. */
    public Optional<Path> existing(PullRequestRef pr) {
        Path file = file(pr);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    public void write(Comment comment) {
        if (!comment.login().equals(botLogin)) {
            return;
        }
        String shown = comment.body().lines().filter(line -> !HIDDEN_LINE.matcher(line.strip()).matches())
                .collect(Collectors.joining("\n", "", "\n"));
        Path file = file(PullRequestRef.of(comment.repository(), comment.issueNumber()));
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), ".comment-", ".md");
            Files.writeString(temporary, shown, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
