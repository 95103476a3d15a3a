package io.pulsecrm.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class IdsTest {

    static final long FIRST_SEEN = 1_795_000_000_000L;

    @Test
    void idsAreTimeOrderedVersion7Uuids() {
        UUID id = UUID.fromString(Ids.newId());

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(Ids.newId()).isNotEqualTo(id.toString());
        assertThat(Ids.derived()).isFalse();
    }

    @Test
    void workRepeatedWithTheSameSeedGetsTheSameIdsInTheSameOrder() {
        List<String> first = threeIdsDerivedFrom("claim-1");
        List<String> again = threeIdsDerivedFrom("claim-1");

        assertThat(again).isEqualTo(first);
        assertThat(first).doesNotHaveDuplicates().allSatisfy(id -> {
            assertThat(Ids.isValid(id)).isTrue();
            assertThat(UUID.fromString(id).version()).isEqualTo(7);
            assertThat(UUID.fromString(id).getMostSignificantBits() >>> 16).as("the seed's time").isEqualTo(FIRST_SEEN);
        });
        assertThat(threeIdsDerivedFrom("claim-2")).as("another seed").doesNotContainAnyElementsOf(first);
        assertThat(Ids.derived()).as("outside the scope ids are random again").isFalse();
    }

    @Test
    void scopesNestAndRestoreTheOuterOne() {
        try (Ids.Scope outer = Ids.deriveFrom("outer", FIRST_SEEN)) {
            String first = Ids.newId();
            try (Ids.Scope inner = Ids.deriveFrom("inner", FIRST_SEEN)) {
                assertThat(Ids.newId()).isNotEqualTo(first);
            }
            assertThat(Ids.derived()).isTrue();
            assertThat(Ids.newId()).isEqualTo(threeIdsDerivedFrom("outer").get(1));
        }
    }

    private static List<String> threeIdsDerivedFrom(String seed) {
        List<String> ids = new ArrayList<>();
        try (Ids.Scope scope = Ids.deriveFrom(seed, FIRST_SEEN)) {
            assertThat(Ids.derived()).isTrue();
            for (int i = 0; i < 3; i++) {
                ids.add(Ids.newId());
            }
        }
        return ids;
    }
}
