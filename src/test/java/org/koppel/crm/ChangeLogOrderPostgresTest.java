package org.koppel.crm;

import org.koppel.testkit.OnPostgres;

@OnPostgres
class ChangeLogOrderPostgresTest extends ChangeLogOrderContract {
}
