package org.koppel.testkit.google;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;

/** Plain HTTP calls on one of the fake's APIs, for the tests of the fake's own rules. */
final class ApiCalls {

    record Answer(int status, JsonNode json) {
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;

    ApiCalls(URI base) {
        this.base = base;
    }

    Answer call(String method, String path, String json, String ifMatch, String bearer) throws IOException, InterruptedException {
        var b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) b.header("Content-Type", "application/json");
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        if (ifMatch != null) b.header("If-Match", ifMatch);
        var r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? null : GoogleResponse.JSON.readTree(r.body()));
    }

    int status(URI uri, String bearer) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + bearer).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
