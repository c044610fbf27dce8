package org.koppel.runtime;

import org.koppel.testkit.OnH2;

@OnH2
class ContactCardsH2Test extends ContactCardsContract {
}
