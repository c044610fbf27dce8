package org.koppel.google;

import org.koppel.testkit.OnH2;

@OnH2
class GoogleSignInH2Test extends GoogleSignInContract {
}
