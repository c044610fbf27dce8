package org.koppel.web.api;

import org.koppel.crm.relation.Lead;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.store.ChangeLogStore;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/leads")
class LeadApi extends RelationApi<Lead> {

    LeadApi(Relations relations, ChangeLogStore changeLog, MergePatch mergePatch, LenientBody bodies) {
        super(RelationKind.LEAD, Lead.class, relations, changeLog, mergePatch, bodies);
    }
}
