package org.koppel.web.api;

import org.koppel.testkit.OnH2;

@OnH2
class LeadConversionApiH2Test extends LeadConversionApiContract {
}
