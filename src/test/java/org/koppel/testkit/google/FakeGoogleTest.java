package org.koppel.testkit.google;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** The Google fake's own rules, each as its page has it (docs/google.md). */
class FakeGoogleTest {

    private static final String ANN = "ann@example.com";
    private static final Set<String> CONTACTS = Set.of(PeopleRoutes.CONTACTS);

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private FakeGoogle google = FakeGoogle.start();

    @AfterEach
    void stop() {
        google.close();
    }

    // ---- connections.list ---------------------------------------------------------------------

    @Test
    void listWithoutPersonFieldsIsRefused() throws Exception {
        var r = call("GET", "/people/me/connections", null, token());
        assertThat(r.status).isEqualTo(400);
        assertThat(r.json.at("/error/status").asString()).isEqualTo("INVALID_ARGUMENT");
        assertThat(r.json.at("/error/code").asInt()).isEqualTo(400);
    }

    @Test
    void listPagesWithPageTokenAndTheOtherParametersMustMatch() throws Exception {
        for (int i = 0; i < 5; i++) google.userCreates(ANN, "{\"names\":[{\"givenName\":\"P" + i + "\"}]}");
        String token = token();
        List<String> seen = new ArrayList<>();
        String pageToken = null;
        int pages = 0;
        do {
            var r = call("GET", "/people/me/connections?personFields=names&pageSize=2"
                    + (pageToken == null ? "" : "&pageToken=" + pageToken), null, token);
            assertThat(r.status).isEqualTo(200);
            r.json.get("connections").forEach(p -> seen.add(p.at("/names/0/givenName").asString()));
            assertThat(r.json.get("totalItems").asInt()).isEqualTo(5);
            pageToken = r.json.path("nextPageToken").asString(null);
            pages++;
            if (pages == 1) {
                var mismatch = call("GET", "/people/me/connections?personFields=names,emailAddresses&pageSize=2&pageToken="
                        + pageToken, null, token);
                assertThat(mismatch.status).isEqualTo(400);
            }
        } while (pageToken != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("P0", "P1", "P2", "P3", "P4");
        assertThat(call("GET", "/people/me/connections?personFields=names&pageSize=1001", null, token).status).isEqualTo(400);
    }

    @Test
    void syncTokenGivesChangesSinceIncludingDeletedContactsAsMetadataDeleted() throws Exception {
        String kept = google.userCreates(ANN, "{\"names\":[{\"givenName\":\"Kept\"}]}");
        String edited = google.userCreates(ANN, "{\"names\":[{\"givenName\":\"Old\"}]}");
        String gone = google.userCreates(ANN, "{\"names\":[{\"givenName\":\"Gone\"}]}");
        String token = token();
        var full = call("GET", "/people/me/connections?personFields=names,metadata&requestSyncToken=true", null, token);
        assertThat(full.json.get("connections")).hasSize(3);
        String syncToken = full.json.get("nextSyncToken").asString();
        // no sync token unless asked for
        assertThat(call("GET", "/people/me/connections?personFields=names", null, token).json.has("nextSyncToken")).isFalse();

        google.userEdits(ANN, edited, "{\"names\":[{\"givenName\":\"New\"}]}");
        google.userDeletes(ANN, gone);
        String added = google.userCreates(ANN, "{\"names\":[{\"givenName\":\"Added\"}]}");

        var incremental = call("GET", "/people/me/connections?personFields=names,metadata&syncToken=" + enc(syncToken), null, token);
        assertThat(incremental.status).isEqualTo(200);
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        incremental.json.get("connections").forEach(p -> byName.put(p.get("resourceName").asString(), p));
        assertThat(byName.keySet()).containsExactlyInAnyOrder(edited, gone, added).doesNotContain(kept);
        assertThat(byName.get(gone).at("/metadata/deleted").asBoolean()).isTrue();
        assertThat(byName.get(edited).at("/names/0/givenName").asString()).isEqualTo("New");
        String next = incremental.json.get("nextSyncToken").asString();
        var quiet = call("GET", "/people/me/connections?personFields=names,metadata&syncToken=" + enc(next), null, token);
        assertThat(quiet.json.get("connections")).isEmpty();
        // the other parameters must match the call that gave the token
        assertThat(call("GET", "/people/me/connections?personFields=names&syncToken=" + enc(next), null, token).status).isEqualTo(400);
    }

    @Test
    void syncTokenExpiresSevenDaysAfterTheFullSyncWith410ExpiredSyncToken() throws Exception {
        google.userCreates(ANN, "{\"names\":[{\"givenName\":\"A\"}]}");
        String token = token();
        String syncToken = call("GET", "/people/me/connections?personFields=names&requestSyncToken=true", null, token)
                .json.get("nextSyncToken").asString();
        google.advance(Duration.ofDays(6));
        token = token();
        var incremental = call("GET", "/people/me/connections?personFields=names&syncToken=" + enc(syncToken), null, token);
        assertThat(incremental.status).isEqualTo(200);
        google.advance(Duration.ofDays(1));
        token = token();
        var expired = call("GET", "/people/me/connections?personFields=names&syncToken="
                + enc(incremental.json.get("nextSyncToken").asString()), null, token);
        assertThat(expired.status).isEqualTo(410);
        assertThat(expired.json.at("/error/details/0/reason").asString()).isEqualTo("EXPIRED_SYNC_TOKEN");
        assertThat(expired.json.at("/error/details/0/@type").asString()).isEqualTo("type.googleapis.com/google.rpc.ErrorInfo");
        // the hook: a fresh token expires at once
        String fresh = call("GET", "/people/me/connections?personFields=names&requestSyncToken=true", null, token)
                .json.get("nextSyncToken").asString();
        google.expireSyncTokens(ANN);
        assertThat(call("GET", "/people/me/connections?personFields=names&syncToken=" + enc(fresh), null, token).status).isEqualTo(410);
    }

    @Test
    void aWriteReachesSyncAnswersOnlyAfterThePropagationDelayAndIsNotSkipped() throws Exception {
        google.close();
        google = FakeGoogle.start(FakeGoogleSettings.published().withSyncPropagationDelay(Duration.ofMinutes(3)));
        String token = token();
        String syncToken = call("GET", "/people/me/connections?personFields=names&requestSyncToken=true", null, token)
                .json.get("nextSyncToken").asString();
        String fresh = google.userCreates(ANN, "{\"names\":[{\"givenName\":\"Fresh\"}]}");
        var early = call("GET", "/people/me/connections?personFields=names&syncToken=" + enc(syncToken), null, token);
        assertThat(early.json.get("connections")).isEmpty();
        google.advance(Duration.ofMinutes(3));
        token = token();
        var later = call("GET", "/people/me/connections?personFields=names&syncToken="
                + enc(early.json.get("nextSyncToken").asString()), null, token);
        assertThat(later.json.get("connections")).hasSize(1);
        assertThat(later.json.at("/connections/0/resourceName").asString()).isEqualTo(fresh);
    }

    @Test
    void eachNonEmptyFieldHasExactlyOnePrimaryItem() throws Exception {
        var created = call("POST", "/people:createContact",
                "{\"emailAddresses\":[{\"value\":\"a@x.nl\"},{\"value\":\"b@x.nl\",\"metadata\":{\"primary\":true}},{\"value\":\"c@x.nl\"}]}",
                token());
        var mails = created.json.get("emailAddresses");
        assertThat(mails.get(0).at("/metadata/primary").asBoolean()).isFalse();
        assertThat(mails.get(1).at("/metadata/primary").asBoolean()).isTrue();
        assertThat(mails.get(2).at("/metadata/primary").asBoolean()).isFalse();
        assertThat(mails.get(0).at("/metadata/source/type").asString()).isEqualTo("CONTACT");
    }

    // ---- createContact, updateContact, deleteContact, batchGet ------------------------------

    @Test
    void createGivesResourceNameEtagAndMyContactsAndKeepsClientData() throws Exception {
        var created = call("POST", "/people:createContact", """
                {"names":[{"givenName":"Ann","familyName":"Smit"}],"emailAddresses":[{"value":"ann@smit.nl","type":"work"}],
                 "organizations":[{"name":"Smit BV","title":"CEO"}],"clientData":[{"key":"koppel-id","value":"42"}]}""", token());
        assertThat(created.status).isEqualTo(200);
        assertThat(created.json.get("resourceName").asString()).matches("people/c\\d+");
        assertThat(created.json.get("etag").asString()).isNotBlank();
        assertThat(created.json.at("/clientData/0/value").asString()).isEqualTo("42");
        assertThat(created.json.at("/memberships/0/contactGroupMembership/contactGroupResourceName").asString())
                .isEqualTo("contactGroups/myContacts");
        assertThat(created.json.at("/metadata/sources/0/type").asString()).isEqualTo("CONTACT");
        var twoNames = call("POST", "/people:createContact", "{\"names\":[{\"givenName\":\"A\"},{\"givenName\":\"B\"}]}", token());
        assertThat(twoNames.status).isEqualTo(400);
    }

    @Test
    void updateNeedsUpdatePersonFieldsAndTheCurrentEtag() throws Exception {
        String name = google.userCreates(ANN, "{\"names\":[{\"givenName\":\"Ann\"}],\"phoneNumbers\":[{\"value\":\"+3120\"}]}");
        String etag = google.contact(ANN, name).orElseThrow().get("etag").asString();
        String token = token();
        String path = "/" + name + ":updateContact";
        assertThat(call("PATCH", path, "{\"etag\":\"" + etag + "\",\"names\":[{\"givenName\":\"X\"}]}", token).status).isEqualTo(400);
        assertThat(call("PATCH", path + "?updatePersonFields=names", "{\"names\":[{\"givenName\":\"X\"}]}", token).status).isEqualTo(400);

        google.userEdits(ANN, name, "{\"names\":[{\"givenName\":\"Anna\"}]}");
        var stale = call("PATCH", path + "?updatePersonFields=names", "{\"etag\":\"" + etag + "\",\"names\":[{\"givenName\":\"X\"}]}", token);
        assertThat(stale.status).isEqualTo(400);
        assertThat(stale.json.at("/error/status").asString()).isEqualTo("FAILED_PRECONDITION");
        assertThat(stale.json.at("/error/errors/0/reason").asString()).isEqualTo("failedPrecondition");

        String current = google.contact(ANN, name).orElseThrow().get("etag").asString();
        var ok = call("PATCH", path + "?updatePersonFields=names,emailAddresses",
                "{\"metadata\":{\"sources\":[{\"type\":\"CONTACT\",\"etag\":\"" + current + "\"}]},\"names\":[{\"givenName\":\"Bea\"}]}", token);
        assertThat(ok.status).isEqualTo(200);
        assertThat(ok.json.get("etag").asString()).isNotEqualTo(current);
        assertThat(ok.json.at("/names/0/givenName").asString()).isEqualTo("Bea");
        // fields outside the mask are untouched
        assertThat(ok.json.at("/phoneNumbers/0/value").asString()).isEqualTo("+3120");
        // a field in the mask but not in the body is cleared: "All fields specified in the update mask will be replaced"
        assertThat(ok.json.has("emailAddresses")).isFalse();
        // the response's etag is the one to use next
        var again = call("PATCH", path + "?updatePersonFields=biographies", "{\"etag\":\"" + ok.json.get("etag").asString()
                + "\",\"biographies\":[{\"value\":\"note\"}]}", token);
        assertThat(again.status).isEqualTo(200);
    }

    @Test
    void deleteAndBatchGet() throws Exception {
        String a = google.userCreates(ANN, "{\"names\":[{\"givenName\":\"A\"}]}");
        String b = google.userCreates(ANN, "{\"names\":[{\"givenName\":\"B\"}]}");
        String token = token();
        var deleted = call("DELETE", "/" + b + ":deleteContact", null, token);
        assertThat(deleted.status).isEqualTo(200);
        assertThat(deleted.json.isEmpty()).isTrue();
        assertThat(call("DELETE", "/" + b + ":deleteContact", null, token).status).isEqualTo(404);
        assertThat(call("GET", "/people:batchGet?resourceNames=" + enc(a), null, token).status).isEqualTo(400);
        var batch = call("GET", "/people:batchGet?personFields=names&resourceNames=" + enc(a) + "&resourceNames=" + enc(b), null, token);
        assertThat(batch.status).isEqualTo(200);
        assertThat(batch.json.at("/responses/0/httpStatusCode").asInt()).isEqualTo(200);
        assertThat(batch.json.at("/responses/0/person/names/0/givenName").asString()).isEqualTo("A");
        assertThat(batch.json.at("/responses/1/httpStatusCode").asInt()).isEqualTo(404);
        String tooMany = java.util.stream.IntStream.range(0, 201).mapToObj(i -> "resourceNames=people/c" + i).collect(Collectors.joining("&"));
        assertThat(call("GET", "/people:batchGet?personFields=names&" + tooMany, null, token).status).isEqualTo(400);
    }

    @Test
    void batchCreateMakesUpTo200AndOneInvalidContactFailsTheWholeRequest() throws Exception {
        String token = token();
        var made = call("POST", "/people:batchCreateContacts", "{\"contacts\": [{\"contactPerson\": {\"names\": [{\"givenName\": \"A\"}]}},"
                + " {\"contactPerson\": {\"names\": [{\"givenName\": \"B\"}]}}], \"readMask\": \"names\"}", token);
        assertThat(made.status).isEqualTo(200);
        assertThat(made.json.at("/createdPeople/1/person/names/0/givenName").asString()).isEqualTo("B");
        assertThat(made.json.at("/createdPeople/0/person/resourceName").asString()).startsWith("people/c");
        assertThat(google.contactCount(ANN)).isEqualTo(2);

        var invalid = call("POST", "/people:batchCreateContacts", "{\"contacts\": [{\"contactPerson\": {\"names\": [{\"givenName\": \"C\"}]}},"
                + " {\"contactPerson\": {\"names\": [{\"givenName\": \"D\"}, {\"givenName\": \"E\"}]}}], \"readMask\": \"names\"}", token);
        assertThat(invalid.status).isEqualTo(400);
        assertThat(google.contactCount(ANN)).as("none of the request created").isEqualTo(2);
        String tooMany = java.util.stream.IntStream.range(0, 201).mapToObj(i -> "{\"contactPerson\": {}}").collect(Collectors.joining(","));
        assertThat(call("POST", "/people:batchCreateContacts", "{\"contacts\": [" + tooMany + "], \"readMask\": \"names\"}", token).status)
                .isEqualTo(400);
    }

    @Test
    void batchUpdateReplacesTheMaskedFieldsOfEachAndAStaleEtagFailsTheWholeRequest() throws Exception {
        String a = google.userCreates(ANN, "{\"names\":[{\"givenName\":\"A\"}], \"nicknames\":[{\"value\":\"a\"}]}");
        String b = google.userCreates(ANN, "{\"names\":[{\"givenName\":\"B\"}]}");
        String etagA = google.contact(ANN, a).orElseThrow().get("etag").asString();
        String etagB = google.contact(ANN, b).orElseThrow().get("etag").asString();
        String token = token();
        var done = call("POST", "/people:batchUpdateContacts", "{\"contacts\": {\"" + a + "\": {\"etag\": \"" + etagA
                + "\", \"names\": [{\"givenName\": \"A2\"}]}, \"" + b + "\": {\"etag\": \"" + etagB
                + "\", \"names\": [{\"givenName\": \"B2\"}]}}, \"updateMask\": \"names\", \"readMask\": \"names\"}", token);
        assertThat(done.status).isEqualTo(200);
        assertThat(done.json.at("/updateResult/" + a.replace("/", "~1") + "/person/names/0/givenName").asString()).isEqualTo("A2");
        assertThat(google.contact(ANN, a).orElseThrow().at("/nicknames/0/value").asString()).as("outside the mask").isEqualTo("a");

        var stale = call("POST", "/people:batchUpdateContacts", "{\"contacts\": {\"" + a + "\": {\"etag\": \"" + etagA
                + "\", \"names\": [{\"givenName\": \"A3\"}]}}, \"updateMask\": \"names\", \"readMask\": \"names\"}", token);
        assertThat(stale.status).isEqualTo(400);
        assertThat(stale.json.at("/error/status").asString()).isEqualTo("FAILED_PRECONDITION");
        assertThat(google.contact(ANN, a).orElseThrow().at("/names/0/givenName").asString()).isEqualTo("A2");
        assertThat(call("POST", "/people:batchUpdateContacts", "{\"contacts\": {\"" + b + "\": {\"etag\": \"x\"}}, \"readMask\": \"names\"}",
                token).status).as("updateMask is required").isEqualTo(400);
    }

    // ---- OAuth and bearer checks --------------------------------------------------------------

    @Test
    void noOrDeadTokenIs401WithABearerChallengeAndTheContactsScopeIsNeededToWrite() throws Exception {
        var none = call("GET", "/people/me/connections?personFields=names", null, null);
        assertThat(none.status).isEqualTo(401);
        assertThat(none.json.at("/error/status").asString()).isEqualTo("UNAUTHENTICATED");
        assertThat(none.headers.firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        String readOnly = google.oauth().issueAccessToken(ANN, Set.of(PeopleRoutes.CONTACTS_READONLY));
        assertThat(call("GET", "/people/me/connections?personFields=names", null, readOnly).status).isEqualTo(200);
        var refused = call("POST", "/people:createContact", "{\"names\":[{\"givenName\":\"A\"}]}", readOnly);
        assertThat(refused.status).isEqualTo(403);
        assertThat(refused.headers.firstValue("WWW-Authenticate").orElse("")).contains("insufficient_scope");
        String full = token();
        google.oauth().expireAccessTokens();
        var expired = call("GET", "/people/me/connections?personFields=names", null, full);
        assertThat(expired.status).isEqualTo(401);
        assertThat(expired.headers.firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
        String beforeRemoval = token();
        google.oauth().userRevokes(ANN);
        assertThat(call("GET", "/people/me/connections?personFields=names", null, beforeRemoval).status).isEqualTo(401);
    }

    @Test
    void authorizationCodeWithPkceRefreshAndRevokeThenRefreshIsInvalidGrant() throws Exception {
        FakeGoogleOAuth oauth = google.oauth();
        String redirect = "http://localhost/login/oauth2/code/google";
        oauth.allowRedirectUri(redirect);
        oauth.signInAs(ANN);
        String verifier = "v".repeat(50);
        String code = authorize(redirect, FakeGoogleOAuth.s256(verifier));

        var wrong = form("/token", Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", redirect,
                "client_id", oauth.clientId(), "client_secret", oauth.clientSecret(), "code_verifier", "w".repeat(50)));
        assertThat(wrong.status).isEqualTo(400);
        assertThat(wrong.json.get("error").asString()).isEqualTo("invalid_grant");

        code = authorize(redirect, FakeGoogleOAuth.s256(verifier));
        Map<String, String> redeem = Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", redirect,
                "client_id", oauth.clientId(), "client_secret", oauth.clientSecret(), "code_verifier", verifier);
        var tokens = form("/token", redeem);
        assertThat(tokens.status).isEqualTo(200);
        assertThat(tokens.json.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(tokens.json.get("expires_in").asLong()).isEqualTo(3599);
        String refresh = tokens.json.get("refresh_token").asString();
        assertThat(call("GET", "/people/me/connections?personFields=names", null, tokens.json.get("access_token").asString()).status)
                .isEqualTo(200);
        assertThat(form("/token", redeem).json.get("error").asString()).isEqualTo("invalid_grant");

        Map<String, String> refreshForm = Map.of("grant_type", "refresh_token", "refresh_token", refresh,
                "client_id", oauth.clientId(), "client_secret", oauth.clientSecret());
        var refreshed = form("/token", refreshForm);
        assertThat(refreshed.status).isEqualTo(200);
        assertThat(refreshed.json.has("refresh_token")).isFalse();
        String access = refreshed.json.get("access_token").asString();

        assertThat(form("/revoke", Map.of("token", refresh)).status).isEqualTo(200);
        var after = form("/token", refreshForm);
        assertThat(after.status).isEqualTo(400);
        assertThat(after.json.get("error").asString()).isEqualTo("invalid_grant");
        assertThat(call("GET", "/people/me/connections?personFields=names", null, access).status).isEqualTo(401);
        assertThat(form("/revoke", Map.of("token", refresh)).status).isEqualTo(400);
    }

    @Test
    void theTokenEndpointTakesClientCredentialsByHttpBasicToo() throws Exception {
        FakeGoogleOAuth oauth = google.oauth();
        String redirect = "http://localhost/cb";
        oauth.allowRedirectUri(redirect);
        oauth.signInAs(ANN);
        String verifier = "q".repeat(60);
        String code = authorize(redirect, FakeGoogleOAuth.s256(verifier));
        String body = "grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(redirect) + "&code_verifier=" + verifier;
        String basic = java.util.Base64.getEncoder().encodeToString((enc(oauth.clientId()) + ":" + enc(oauth.clientSecret()))
                .getBytes(StandardCharsets.UTF_8));
        var r = http.send(HttpRequest.newBuilder(google.tokenUri()).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(GoogleResponse.JSON.readTree(r.body()).has("refresh_token")).isTrue();
        var noClient = form("/token", Map.of("grant_type", "refresh_token", "refresh_token", "x"));
        assertThat(noClient.status).isEqualTo(401);
        assertThat(noClient.json.get("error").asString()).isEqualTo("invalid_client");
    }

    @Test
    void consentRefusedRedirectsWithAccessDenied() throws Exception {
        String redirect = "http://localhost/cb";
        google.oauth().allowRedirectUri(redirect);
        google.oauth().signInAs(ANN);
        google.oauth().refuseConsent(true);
        var r = http.send(HttpRequest.newBuilder(URI.create(google.authorizationUri() + "?client_id=" + google.oauth().clientId()
                + "&redirect_uri=" + enc(redirect) + "&response_type=code&scope=" + enc(PeopleRoutes.CONTACTS) + "&state=s1")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow()).contains("error=access_denied").contains("state=s1");
    }

    // ---- quota and failures -------------------------------------------------------------------

    @Test
    void throttledRequestsAre429ResourceExhaustedThenPass() throws Exception {
        String token = token();
        google.throttleNext(ANN, 2);
        for (int i = 0; i < 2; i++) {
            var r = call("GET", "/people/me/connections?personFields=names", null, token);
            assertThat(r.status).isEqualTo(429);
            assertThat(r.json.at("/error/status").asString()).isEqualTo("RESOURCE_EXHAUSTED");
            assertThat(r.json.at("/error/details/0/reason").asString()).isEqualTo("RATE_LIMIT_EXCEEDED");
        }
        assertThat(call("GET", "/people/me/connections?personFields=names", null, token).status).isEqualTo(200);
        google.failNext(ANN, 1, 503, Duration.ofSeconds(3));
        var unavailable = call("GET", "/people/me/connections?personFields=names", null, token);
        assertThat(unavailable.status).isEqualTo(503);
        assertThat(unavailable.headers.firstValue("Retry-After")).contains("3");
        assertThat(google.refusals(ANN)).isEqualTo(3);
    }

    @Test
    void perUserQuotaPerMinute() throws Exception {
        google.close();
        google = FakeGoogle.start(FakeGoogleSettings.published().withRequestsPerMinutePerUser(3));
        String ann = token();
        String bob = google.oauth().issueAccessToken("bob@example.com", CONTACTS);
        for (int i = 0; i < 3; i++) assertThat(call("GET", "/people/me/connections?personFields=names", null, ann).status).isEqualTo(200);
        assertThat(call("GET", "/people/me/connections?personFields=names", null, ann).status).isEqualTo(429);
        assertThat(call("GET", "/people/me/connections?personFields=names", null, bob).status).isEqualTo(200);
        google.advance(Duration.ofMinutes(1));
        assertThat(call("GET", "/people/me/connections?personFields=names", null, google.oauth().issueAccessToken(ANN, CONTACTS)).status)
                .isEqualTo(200);
    }

    // ---- helpers ------------------------------------------------------------------------------

    @Test
    void withTheOpenidScopeTheTokenAnswerCarriesAnIdTokenNamingTheAccount() throws Exception {
        FakeGoogleOAuth oauth = google.oauth();
        String redirect = "http://localhost/cb/openid";
        oauth.allowRedirectUri(redirect);
        oauth.signInAs(ANN);
        var r = http.send(HttpRequest.newBuilder(URI.create(google.authorizationUri() + "?client_id=" + oauth.clientId()
                + "&redirect_uri=" + enc(redirect) + "&response_type=code&access_type=offline&scope="
                + enc("openid email " + PeopleRoutes.CONTACTS) + "&nonce=n-0S6&state=s")).build(), HttpResponse.BodyHandlers.discarding());
        String code = FakeGoogleOAuth.form(URI.create(r.headers().firstValue("Location").orElseThrow()).getRawQuery()).get("code");

        var tokens = form("/token", Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", redirect,
                "client_id", oauth.clientId(), "client_secret", oauth.clientSecret()));

        String[] jwt = tokens.json.get("id_token").asString().split("\\.");
        assertThat(jwt).hasSize(3);
        JsonNode claims = GoogleResponse.JSON.readTree(java.util.Base64.getUrlDecoder().decode(jwt[1]));
        assertThat(claims.get("iss").asString()).isEqualTo("https://accounts.google.com");
        assertThat(claims.get("aud").asString()).isEqualTo(oauth.clientId());
        assertThat(claims.get("sub").asString()).isEqualTo(FakeGoogleOAuth.subject(ANN)).matches("\\d+");
        assertThat(claims.get("email").asString()).isEqualTo(ANN);
        assertThat(claims.get("email_verified").asBoolean()).isTrue();
        assertThat(claims.get("nonce").asString()).isEqualTo("n-0S6");
        assertThat(claims.get("exp").asLong()).isGreaterThan(claims.get("iat").asLong());
        assertThat(oauth.tokenRequests("authorization_code")).isEqualTo(1);
        assertThat(form("/token", Map.of("grant_type", "authorization_code", "code", "x", "redirect_uri", redirect,
                "client_id", oauth.clientId(), "client_secret", oauth.clientSecret())).json.has("id_token")).isFalse();
    }

    private record Answer(int status, JsonNode json, java.net.http.HttpHeaders headers) {
    }

    private String token() {
        return google.oauth().issueAccessToken(ANN, CONTACTS);
    }

    private String authorize(String redirect, String challenge) throws IOException, InterruptedException {
        var r = http.send(HttpRequest.newBuilder(URI.create(google.authorizationUri() + "?client_id=" + google.oauth().clientId()
                + "&redirect_uri=" + enc(redirect) + "&response_type=code&access_type=offline&scope=" + enc(PeopleRoutes.CONTACTS)
                + "&state=xyz&code_challenge=" + challenge + "&code_challenge_method=S256")).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).isEqualTo(302);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(redirect + "?").contains("state=xyz");
        return FakeGoogleOAuth.form(URI.create(location).getRawQuery()).get("code");
    }

    private Answer form(String path, Map<String, String> fields) throws IOException, InterruptedException {
        String body = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        URI base = path.equals("/token") ? google.tokenUri() : google.revocationUri();
        var r = http.send(HttpRequest.newBuilder(base).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? null : GoogleResponse.JSON.readTree(r.body()), r.headers());
    }

    private Answer call(String method, String path, String json, String token) throws IOException, InterruptedException {
        var b = HttpRequest.newBuilder(URI.create(google.peopleBaseUrl() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) b.header("Content-Type", "application/json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        var r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? null : GoogleResponse.JSON.readTree(r.body()), r.headers());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
