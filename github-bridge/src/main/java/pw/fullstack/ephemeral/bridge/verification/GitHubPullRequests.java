package pw.fullstack.ephemeral.bridge.verification;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pw.fullstack.ephemeral.bridge.github.GitHubApiException;
import pw.fullstack.ephemeral.bridge.github.GitHubRest;
import pw.fullstack.ephemeral.bridge.github.IssueEvent;
import pw.fullstack.ephemeral.bridge.github.PullRequestWebhook;
import pw.fullstack.ephemeral.bridge.translation.PullRequestOnGitHub;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * Asks GitHub about the PR a dispatch names: {@code GET /repos/{owner}/{repo}/pulls/{number}} and, for an
 * opening, its history ({@code GET /repos/{owner}/{repo}/issues/{number}/events}, oldest first, 100 a page),
 * read from the last page back until a page holds an event that opens an environment, at most
 * {@value #MAX_HISTORY_PAGES} pages. A PR GitHub does not have, or will not show, is {@code Missing}; anything
 * else that is not an answer (no connection, 401 twice, 403, 429, 5xx, an unreadable body) is a
 * {@link GitHubApiException}: not known, so not refused either.
 */
public final class GitHubPullRequests {

    static final int PER_PAGE = 100;
    static final int MAX_HISTORY_PAGES = 10;
    private static final Pattern LAST = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"([^\"]*\\s)?last(\\s[^\"]*)?\"");

    private final GitHubRest rest;
    private final RepositoryAuthorization authorization;

    public GitHubPullRequests(GitHubRest rest, RepositoryAuthorization authorization) {
        this.rest = rest;
        this.authorization = authorization;
    }

    /** @param opening the history events that open an environment; null: the history is not read (a closing) */
    public PullRequestOnGitHub find(PullRequestRef ref, Predicate<IssueEvent> opening) throws GitHubApiException {
        String owner = ref.repository().owner();
        String repo = ref.repository().name();
        String base = "/repos/" + owner + "/" + repo;
        HttpResponse<byte[]> response;
        try {
            response = get(owner, repo, base + "/pulls/" + ref.number());
        } catch (GitHubApiException e) {
            if (e.status() == 404 || e.status() == 422) {
                return new PullRequestOnGitHub.Missing("the bridge's GitHub credentials cannot read " + ref.repository()
                        + " (" + e.getMessage() + ")");
            }
            throw e;
        }
        switch (response.statusCode()) {
            case 200 -> {
            }
            case 404 -> {
                return new PullRequestOnGitHub.Missing("GitHub has no pull request " + ref
                        + " (or the bridge's credentials cannot see it)");
            }
            case 301, 302, 307 -> {
                return new PullRequestOnGitHub.Missing("GitHub moved " + ref.repository()
                        + ": name the repository as it is now");
            }
            default -> throw GitHubRest.refused("reading " + ref, response);
        }
        PullRequestWebhook.PullRequest pr = readable(response, PullRequestWebhook.PullRequest.class, ref);
        List<IssueEvent> history = opening == null ? List.of() : history(owner, repo, base + "/issues/" + ref.number()
                + "/events", ref, opening);
        return new PullRequestOnGitHub.Found(pr, history);
    }

    private List<IssueEvent> history(String owner, String repo, String path, PullRequestRef ref, Predicate<IssueEvent> opening)
            throws GitHubApiException {
        HttpResponse<byte[]> first = page(owner, repo, path, 1, ref);
        OptionalInt last = lastPage(first.headers().firstValue("link").orElse(null));
        List<IssueEvent> firstPage = Arrays.asList(readable(first, IssueEvent[].class, ref));
        if (last.isEmpty() || last.getAsInt() <= 1) {
            return firstPage;
        }
        List<List<IssueEvent>> pages = new ArrayList<>();
        for (int page = last.getAsInt(); page > 1 && pages.size() < MAX_HISTORY_PAGES - 1; page--) {
            List<IssueEvent> events = Arrays.asList(readable(page(owner, repo, path, page, ref), IssueEvent[].class, ref));
            pages.add(0, events);
            if (events.stream().anyMatch(opening)) {
                return pages.stream().flatMap(List::stream).toList();
            }
        }
        pages.add(0, firstPage);
        return pages.stream().flatMap(List::stream).toList();
    }

    private HttpResponse<byte[]> page(String owner, String repo, String path, int page, PullRequestRef ref)
            throws GitHubApiException {
        HttpResponse<byte[]> response = get(owner, repo, path + "?per_page=" + PER_PAGE + "&page=" + page);
        if (response.statusCode() != 200) {
            throw GitHubRest.refused("reading the history of " + ref, response);
        }
        return response;
    }

    /** A refused credential (401) is renewed once: an App's token may have expired early or been revoked. */
    private HttpResponse<byte[]> get(String owner, String repo, String pathAndQuery) throws GitHubApiException {
        HttpResponse<byte[]> response = rest.get(pathAndQuery, authorization.header(owner, repo));
        if (response.statusCode() == 401) {
            authorization.refused(owner);
            response = rest.get(pathAndQuery, authorization.header(owner, repo));
        }
        return response;
    }

    private static <T> T readable(HttpResponse<byte[]> response, Class<T> type, PullRequestRef ref) throws GitHubApiException {
        return GitHubRest.read(response, type, "GitHub's answer about " + ref);
    }

    /** The {@code page} of the {@code rel="last"} link, if there is one (only the number is taken from it). */
    static OptionalInt lastPage(String link) {
        if (link == null) {
            return OptionalInt.empty();
        }
        Matcher m = LAST.matcher(link);
        if (!m.find()) {
            return OptionalInt.empty();
        }
        String query = URI.create(m.group(1)).getRawQuery();
        return query == null ? OptionalInt.empty() : Arrays.stream(query.split("&")).filter(p -> p.matches("page=[0-9]{1,6}"))
                .mapToInt(p -> Integer.parseInt(p.substring("page=".length()))).findFirst();
    }
}
