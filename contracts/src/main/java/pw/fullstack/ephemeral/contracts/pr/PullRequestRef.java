package pw.fullstack.ephemeral.contracts.pr;

import pw.fullstack.ephemeral.contracts.InvalidInputException;

/**
 * One pull request: repository and number. Numbers start at 1; the upper bound keeps names short
 * and rejects obviously forged values.
 */
public record PullRequestRef(RepositoryRef repository, int number) {

    public static final int MAX_NUMBER = 99_999_999;

    public PullRequestRef {
        if (repository == null) {
            throw new InvalidInputException("repository", "is required, as owner/name");
        }
        if (number < 1 || number > MAX_NUMBER) {
            throw new InvalidInputException("pull request number",
                    number + " is out of range (1.." + MAX_NUMBER + ")");
        }
    }

    public static PullRequestRef of(String ownerSlashName, int number) {
        return new PullRequestRef(RepositoryRef.parse(ownerSlashName), number);
    }

    @Override
    public String toString() {
        return repository + "#" + number;
    }
}
