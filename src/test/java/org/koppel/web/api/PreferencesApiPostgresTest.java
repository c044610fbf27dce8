package org.koppel.web.api;

import org.koppel.testkit.OnPostgres;

@OnPostgres
class PreferencesApiPostgresTest extends PreferencesApiContract {
}
