package org.koppel.web.api;

import java.io.IOException;

/** A request body over the API's limit. An IOException so it travels through message readers. */
public class BodyTooLargeException extends IOException {

    public BodyTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes");
    }
}
