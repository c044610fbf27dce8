package org.koppel.web.api;

import org.koppel.testkit.OnPostgres;

@OnPostgres
class LeadConversionApiPostgresTest extends LeadConversionApiContract {
}
