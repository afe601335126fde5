package pw.fullstack.ephemeral.bridge.translation;

import java.util.Optional;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.CommitSha;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * What a {@code repository_dispatch} says, checked against the contracts' rules but not yet against
 * GitHub: anyone allowed to dispatch to the receiving repository can send any of it, so nothing here is
 * published before GitHub confirms it ({@code verification.DispatchVerdicts}).
 *
 * @param type           the dispatch's event type, for replies and the ops listing
 * @param create         opens (else closes)
 * @param pullRequest    the PR it names
 * @param branch         the head branch it names, if any
 * @param headSha        the head commit it names, if any
 * @param installPostgres what it asks for, if it says
 */
public record DispatchClaim(String type, boolean create, PullRequestRef pullRequest, Optional<BranchName> branch,
                            Optional<CommitSha> headSha, Optional<Boolean> installPostgres) {
}
