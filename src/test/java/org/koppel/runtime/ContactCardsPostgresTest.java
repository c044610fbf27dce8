package org.koppel.runtime;

import org.koppel.testkit.OnPostgres;

@OnPostgres
class ContactCardsPostgresTest extends ContactCardsContract {
}
