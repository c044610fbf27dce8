package org.koppel.demo;

import java.util.List;

import org.koppel.crm.customfield.CustomField;
import org.koppel.crm.customfield.CustomFieldType;
import org.koppel.crm.relation.RelationKind;

/** The custom fields a demo shows: a pick list and a date on organisations, a yes/no on persons. */
final class DemoFields {

    static final String SEGMENT = "segment";
    static final List<String> SEGMENTS = List.of("Retail", "Industry", "Business services", "Healthcare",
            "Public sector");
    static final String CUSTOMER_SINCE = "customerSince";
    static final String NEWSLETTER = "newsletter";

    static final List<CustomField> ALL = List.of(
            field(RelationKind.ORGANISATION, SEGMENT, "Segment", CustomFieldType.PICK_LIST, SEGMENTS),
            field(RelationKind.ORGANISATION, CUSTOMER_SINCE, "Customer since", CustomFieldType.DATE, List.of()),
            field(RelationKind.PERSON, NEWSLETTER, "Receives newsletter", CustomFieldType.BOOLEAN, List.of()));

    private DemoFields() {
    }

    private static CustomField field(RelationKind kind, String key, String label, CustomFieldType type,
                                     List<String> options) {
        return new CustomField(null, null, kind, key, label, type, options, null, null, null);
    }
}
