package org.koppel.runtime;

import org.koppel.testkit.OnH2;
import org.springframework.context.annotation.Import;

@OnH2
@Import(NothingToDoContract.Beans.class)
class NothingToDoH2Test extends NothingToDoContract {
}
