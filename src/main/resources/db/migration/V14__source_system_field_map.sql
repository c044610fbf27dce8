-- Relations owned by a source system (a practice-management system; docs/source-system.md): the
-- field map of the document (reference/tribe-advocaatcentraal-nl.txt, "Welke gegevens worden
-- gesynchroniseerd?"). Slots start with the source kind they belong to (person_role stays ANY: an
-- organisation is no person role); addresses belong to every kind. The source's one mobile and one
-- e-mail of a contact person feed two CRM fields each. The last row makes a relation the source
-- archived former in Koppel, only where the connection's setting archived=FORMER asks for it.
INSERT INTO field_map (data_type, person_role, crm_field, peer_slot, direction, fixed, position) VALUES
    ('RELATIONS', 'ANY', 'name', 'organisation.name', 'BOTH', TRUE, 1),
    ('RELATIONS', 'ANY', 'phone', 'organisation.phone', 'BOTH', FALSE, 2),
    ('RELATIONS', 'ANY', 'email', 'organisation.email', 'BOTH', FALSE, 3),
    ('RELATIONS', 'ANY', 'website', 'organisation.website', 'BOTH', FALSE, 4),
    ('RELATIONS', 'ANY', 'cocNumber', 'organisation.kvk', 'BOTH', FALSE, 5),
    ('RELATIONS', 'ANY', 'callingName', 'contactPerson.firstNames', 'BOTH', TRUE, 20),
    ('RELATIONS', 'ANY', 'initials', 'contactPerson.initials', 'BOTH', FALSE, 21),
    ('RELATIONS', 'ANY', 'infix', 'contactPerson.infix', 'BOTH', TRUE, 22),
    ('RELATIONS', 'ANY', 'lastName', 'contactPerson.lastName', 'BOTH', TRUE, 23),
    ('RELATIONS', 'ANY', 'birthDate', 'contactPerson.birthDate', 'BOTH', FALSE, 24),
    ('RELATIONS', 'ANY', 'gender', 'contactPerson.gender', 'BOTH', FALSE, 25),
    ('RELATIONS', 'ANY', 'contactRole.jobTitle', 'contactPerson.function', 'BOTH', FALSE, 26),
    ('RELATIONS', 'ANY', 'contactRole.phone', 'contactPerson.directPhone', 'BOTH', FALSE, 27),
    ('RELATIONS', 'ANY', 'contactRole.mobile', 'contactPerson.mobile.business', 'BOTH', FALSE, 28),
    ('RELATIONS', 'ANY', 'privateMobile', 'contactPerson.mobile.private', 'BOTH', FALSE, 29),
    ('RELATIONS', 'ANY', 'privatePhone', 'contactPerson.privatePhone', 'BOTH', FALSE, 30),
    ('RELATIONS', 'ANY', 'contactRole.email', 'contactPerson.email.business', 'BOTH', FALSE, 31),
    ('RELATIONS', 'ANY', 'privateEmail', 'contactPerson.email.private', 'BOTH', FALSE, 32),
    ('RELATIONS', 'ANY', 'lastName', 'privateIndividual.name', 'BOTH', TRUE, 40),
    ('RELATIONS', 'ANY', 'privateEmail', 'privateIndividual.email', 'BOTH', FALSE, 41),
    ('RELATIONS', 'ANY', 'privatePhone', 'privateIndividual.phone', 'BOTH', FALSE, 42),
    ('RELATIONS', 'ANY', 'address.visiting.street', 'address.visiting.street', 'BOTH', FALSE, 50),
    ('RELATIONS', 'ANY', 'address.visiting.houseNumber', 'address.visiting.houseNumber', 'BOTH', FALSE, 51),
    ('RELATIONS', 'ANY', 'address.visiting.postalCode', 'address.visiting.postalCode', 'BOTH', FALSE, 52),
    ('RELATIONS', 'ANY', 'address.visiting.city', 'address.visiting.city', 'BOTH', FALSE, 53),
    ('RELATIONS', 'ANY', 'address.visiting.country', 'address.visiting.country', 'BOTH', FALSE, 54),
    ('RELATIONS', 'ANY', 'address.postal.street', 'address.postal.street', 'BOTH', FALSE, 55),
    ('RELATIONS', 'ANY', 'address.postal.houseNumber', 'address.postal.houseNumber', 'BOTH', FALSE, 56),
    ('RELATIONS', 'ANY', 'address.postal.postalCode', 'address.postal.postalCode', 'BOTH', FALSE, 57),
    ('RELATIONS', 'ANY', 'address.postal.city', 'address.postal.city', 'BOTH', FALSE, 58),
    ('RELATIONS', 'ANY', 'address.postal.country', 'address.postal.country', 'BOTH', FALSE, 59),
    ('RELATIONS', 'ANY', 'address.private.street', 'address.private.street', 'BOTH', FALSE, 60),
    ('RELATIONS', 'ANY', 'address.private.houseNumber', 'address.private.houseNumber', 'BOTH', FALSE, 61),
    ('RELATIONS', 'ANY', 'address.private.postalCode', 'address.private.postalCode', 'BOTH', FALSE, 62),
    ('RELATIONS', 'ANY', 'address.private.city', 'address.private.city', 'BOTH', FALSE, 63),
    ('RELATIONS', 'ANY', 'address.private.country', 'address.private.country', 'BOTH', FALSE, 64),
    ('RELATIONS', 'ANY', 'former', 'archived', 'PEER_TO_CRM', FALSE, 70);
