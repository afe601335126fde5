package pw.fullstack.ephemeral.notifier.comment;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

/**
 * A comment body parsed as GitHub Flavored Markdown (CommonMark + tables + GitHub's extended
 * autolinks), reduced to what a reader would be exposed to: links, images, raw HTML, and the plain
 * text outside code spans (where GitHub turns {@code @name} into a mention and {@code #12} into a link).
 */
final class RenderedMarkdown {

    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(TablesExtension.create(), AutolinkExtension.create()))
            .build();
    private static final Pattern MENTION = Pattern.compile("(^|[^A-Za-z0-9`])@[A-Za-z0-9]");
    private static final Pattern ISSUE_REFERENCE = Pattern.compile("(^|\\s)#\\d");

    final List<String> links = new ArrayList<>();
    final List<String> images = new ArrayList<>();
    final List<String> html = new ArrayList<>();
    final List<String> textOutsideCode = new ArrayList<>();
    final List<String> code = new ArrayList<>();

    static RenderedMarkdown of(String markdown) {
        RenderedMarkdown rendered = new RenderedMarkdown();
        Node document = PARSER.parse(markdown);
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                rendered.links.add(link.getDestination());
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                rendered.images.add(image.getDestination());
            }

            @Override
            public void visit(HtmlBlock block) {
                rendered.html.add(block.getLiteral().strip());
            }

            @Override
            public void visit(HtmlInline inline) {
                rendered.html.add(inline.getLiteral());
            }

            @Override
            public void visit(Text text) {
                rendered.textOutsideCode.add(text.getLiteral());
            }

            @Override
            public void visit(Code span) {
                rendered.code.add(span.getLiteral());
            }
        });
        return rendered;
    }

    boolean hasMentionOrReferenceOutsideCode() {
        return textOutsideCode.stream().anyMatch(t -> MENTION.matcher(t).find() || ISSUE_REFERENCE.matcher(t).find());
    }
}
