package org.koppel.web.api;

import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.store.ChangeLogStore;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/organisations")
class OrganisationApi extends RelationApi<Organisation> {

    OrganisationApi(Relations relations, ChangeLogStore changeLog, MergePatch mergePatch, LenientBody bodies) {
        super(RelationKind.ORGANISATION, Organisation.class, relations, changeLog, mergePatch, bodies);
    }
}
