package org.koppel.crm.customfield;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CustomFieldTypeTest {

    @Test
    void numbersAreStoredCanonicallySoEqualValuesCompareEqual() {
        assertThat(CustomFieldType.NUMBER.encode(5, List.of()).text()).isEqualTo("5");
        assertThat(CustomFieldType.NUMBER.encode(new BigDecimal("5.00"), List.of()).text()).isEqualTo("5");
        assertThat(CustomFieldType.NUMBER.encode("1500000.50", List.of()).text()).isEqualTo("1500000.5");
        assertThat(CustomFieldType.NUMBER.encode("lots", List.of()).problem()).isEqualTo("must be a number");
        assertThat(CustomFieldType.NUMBER.encode(true, List.of()).problem()).isEqualTo("must be a number");
    }

    @Test
    void aNumberTooLongToWriteOutIsRefusedNotExpanded() {
        assertThat(CustomFieldType.NUMBER.encode("1e999999999", List.of()).problem()).contains("at most 1000 digits");
        assertThat(CustomFieldType.NUMBER.encode("1e-5000", List.of()).problem()).contains("at most 1000 digits");
        assertThat(CustomFieldType.NUMBER.encode("1e999", List.of()).text()).hasSize(1000);
    }

    @Test
    void datesBooleansAndPickListsAreChecked() {
        assertThat(CustomFieldType.DATE.encode("2024-02-29", List.of()).text()).isEqualTo("2024-02-29");
        assertThat(CustomFieldType.DATE.encode("2023-02-29", List.of()).problem()).contains("is not a date");
        assertThat(CustomFieldType.BOOLEAN.encode("yes", List.of()).problem()).isEqualTo("must be true or false");
        assertThat(CustomFieldType.PICK_LIST.encode("Gold", List.of("Gold", "Silver")).text()).isEqualTo("Gold");
        assertThat(CustomFieldType.PICK_LIST.encode("gold", List.of("Gold", "Silver")).problem()).contains("one of");
    }

    @Property
    void everyEncodedNumberDecodesToTheSameValue(@ForAll BigDecimal value) {
        String stored = CustomFieldType.NUMBER.encode(value, List.of()).text();
        assertThat((BigDecimal) CustomFieldType.NUMBER.decode(stored)).isEqualByComparingTo(value);
    }
}
