package pw.fullstack.ephemeral.bridge.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.pr.RepositoryRef;

class DeliveryFiltersTest {

    private static final List<String> SEED_REPOSITORIES =
            List.of("fullstack-pw/demo-apps", "fullstack-pw/cks-backend", "fullstack-pw/cks-frontend");

    @Test
    void allowsOnlyRepositoriesOnTheList() {
        DeliveryFilters filters = DeliveryFilters.of(SEED_REPOSITORIES, Optional.empty(), false, false);

        assertThat(filters.allows(RepositoryRef.parse("fullstack-pw/cks-backend"))).isTrue();
        assertThat(filters.allows(RepositoryRef.parse("fullstack-pw/infra"))).isFalse();
    }

    @Test
    void anEmptyListAllowsNothing() {
        assertThat(DeliveryFilters.of(List.of(), Optional.empty(), true, true).allows(RepositoryRef.parse("a/b"))).isFalse();
    }

    @Test
    void skipsDraftsAndForksUnlessIncluded() {
        DeliveryFilters strict = DeliveryFilters.of(SEED_REPOSITORIES, Optional.empty(), false, false);
        DeliveryFilters lenient = DeliveryFilters.of(SEED_REPOSITORIES, Optional.empty(), true, true);

        assertThat(strict.whyNotOpen(true, false, List.of())).hasValueSatisfying(r -> assertThat(r).contains("draft"));
        assertThat(strict.whyNotOpen(false, true, List.of())).hasValueSatisfying(r -> assertThat(r).contains("fork"));
        assertThat(strict.whyNotOpen(false, false, List.of())).isEmpty();
        assertThat(lenient.whyNotOpen(true, true, List.of())).isEmpty();
    }

    @Test
    void withAnOptInLabelOnlyLabelledPrsOpenWhateverTheLabelsCase() {
        DeliveryFilters filters = DeliveryFilters.of(SEED_REPOSITORIES, Optional.of("ephemeral-env"), false, false);

        assertThat(filters.whyNotOpen(false, false, List.of("bug"))).hasValueSatisfying(r -> assertThat(r).contains("label"));
        assertThat(filters.whyNotOpen(false, false, List.of("bug", "Ephemeral-Env"))).isEmpty();
        assertThat(filters.isOptInLabel("EPHEMERAL-ENV")).isTrue();
        assertThat(filters.isOptInLabel("bug")).isFalse();
    }

    @Test
    void aBlankLabelSettingMeansNoLabelIsNeeded() {
        DeliveryFilters filters = DeliveryFilters.of(SEED_REPOSITORIES, Optional.of("  "), false, false);

        assertThat(filters.optInLabel()).isEmpty();
        assertThat(filters.whyNotOpen(false, false, List.of())).isEmpty();
        assertThat(filters.isOptInLabel("")).isFalse();
    }
}
