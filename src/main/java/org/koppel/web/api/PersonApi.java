package org.koppel.web.api;

import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.store.ChangeLogStore;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/persons")
class PersonApi extends RelationApi<Person> {

    PersonApi(Relations relations, ChangeLogStore changeLog, MergePatch mergePatch, LenientBody bodies) {
        super(RelationKind.PERSON, Person.class, relations, changeLog, mergePatch, bodies);
    }
}
