package pw.fullstack.ephemeral.testkit.github;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a {@link GitHubDouble} field of a Quarkus test that {@link GitHubDoubleResource} fills in. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectGitHubDouble {
}
