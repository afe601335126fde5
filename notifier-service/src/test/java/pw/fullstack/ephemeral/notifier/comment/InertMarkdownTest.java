package pw.fullstack.ephemeral.notifier.comment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class InertMarkdownTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "@everyone please look",
            "ping @fullstack-pw/admins and #1",
            "<img src=x onerror=alert(1)>",
            "<script>alert(1)</script>",
            "[click here](https://evil.example/steal)",
            "https://evil.example/phish and www.evil.example",
            "`` break out `` @admin `",
            "```\n@admin\n```",
            "line one\n\nline two @admin",
            "*bold* _em_ ~~strike~~ | pipe | in | table",
            "bidi \u202Eevil\u202C and zero\u200Bwidth @\u200Badmin",
            "<!-- hidden --> @admin",
            "\\`escaped\\` @admin"})
    void hostileTextRendersAsOneInertCodeSpan(String hostile) {
        String span = InertMarkdown.code(hostile, 300);
        RenderedMarkdown rendered = RenderedMarkdown.of("Failed: " + span + "\n");

        assertThat(rendered.links).isEmpty();
        assertThat(rendered.images).isEmpty();
        assertThat(rendered.html).isEmpty();
        assertThat(rendered.code).hasSize(1);
        assertThat(rendered.textOutsideCode).containsExactly("Failed: ");
        assertThat(span).doesNotContain("\n").doesNotContain("\u202E").doesNotContain("\u200B");
    }

    @Test
    void aSpanInATableCellStaysInItsCell() {
        String row = "| " + InertMarkdown.code("a | b | c", 100) + " | x |\n";
        RenderedMarkdown rendered = RenderedMarkdown.of("| reason | other |\n| --- | --- |\n" + row);

        assertThat(rendered.code).containsExactly("a | b | c");
    }

    @Test
    void longTextIsCutAndEmptyTextIsADash() {
        assertThat(InertMarkdown.code("x".repeat(500), 10)).isEqualTo("`xxxxxxxxxx…`");
        assertThat(InertMarkdown.code("  \n ", 10)).isEqualTo("—");
        assertThat(InertMarkdown.code(null, 10)).isEqualTo("—");
    }

    @Test
    void ordinaryTextIsKeptAsItWas() {
        assertThat(RenderedMarkdown.of(InertMarkdown.code("CRDs not established after 3 minutes", 300)).code)
                .isEqualTo(List.of("CRDs not established after 3 minutes"));
    }
}
