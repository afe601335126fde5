package pw.fullstack.ephemeral.notifier.github;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinkHeaderTest {

    @Test
    void findsTheNextPageInGitHubsLinkHeader() {
        assertThat(LinkHeader.hasNext("<https://api.github.com/repositories/1/issues/42/comments?page=2>; rel=\"next\", "
                + "<https://api.github.com/repositories/1/issues/42/comments?page=5>; rel=\"last\"")).isTrue();
        assertThat(LinkHeader.hasNext("<https://api.github.com/x?page=1>; rel=\"prev\", <https://api.github.com/x?page=1>; rel=\"first\""))
                .isFalse();
        assertThat(LinkHeader.hasNext(null)).isFalse();
        assertThat(LinkHeader.hasNext("<https://api.github.com/x?page=3>; rel=\"nextish\"")).isFalse();
    }
}
