package org.koppel.web.api;

import org.koppel.testkit.OnPostgres;

@OnPostgres
class AppointmentApiPostgresTest extends AppointmentApiContract {
}
