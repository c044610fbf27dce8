package org.koppel.runtime;

import org.koppel.testkit.OnPostgres;
import org.springframework.context.annotation.Import;

@OnPostgres
@Import(NothingToDoContract.Beans.class)
class NothingToDoPostgresTest extends NothingToDoContract {
}
