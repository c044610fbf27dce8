package org.koppel.google;

import org.koppel.testkit.OnPostgres;

@OnPostgres
class GoogleSignInPostgresTest extends GoogleSignInContract {
}
