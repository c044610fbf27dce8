package org.koppel.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.koppel.sync.OccurrenceEdits.Edit;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

class OccurrenceEditsTest {

    @Test
    void equal_edits_in_another_order_are_the_same_text() {
        var a = new Edit("2026-12-10T08:00:00Z", "2026-12-10T09:00:00Z", "2026-12-10T10:00:00Z", "Moved", null, null);
        var b = new Edit("2026-12-03T08:00:00Z", null, null, "Only the subject", "Room 1", null);
        assertThat(OccurrenceEdits.encode(List.of(a, b))).isEqualTo(OccurrenceEdits.encode(List.of(b, a)));
        assertThat(OccurrenceEdits.decode(OccurrenceEdits.encode(List.of(a, b)))).containsExactly(b, a);
    }

    @Test
    void none_is_no_value() {
        assertThat(OccurrenceEdits.encode(List.of())).isNull();
        assertThat(OccurrenceEdits.decode(null)).isEmpty();
    }

    @Property
    void text_with_separators_survives(@ForAll @StringLength(max = 40) String subject,
                                       @ForAll @StringLength(max = 40) String description) {
        var edit = new Edit("2026-12-03", "2026-12-04", "2026-12-05", subject, "a|b\\c", description);
        Edit back = OccurrenceEdits.decode(OccurrenceEdits.encode(List.of(edit))).getFirst();
        assertThat(back.subject()).isEqualTo(subject.isBlank() ? null : subject.strip().replace("\r\n", "\n"));
        assertThat(back.location()).isEqualTo("a|b\\c");
        assertThat(back.description()).isEqualTo(description.isBlank() ? null : description.strip().replace("\r\n", "\n"));
    }
}
