package org.koppel.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.koppel.crm.Checks;
import org.koppel.crm.NotFoundException;
import org.koppel.store.ApiTokenStore;
import org.koppel.store.EmployeeStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal API tokens. The secret is shown once; only its SHA-256 is stored (a token has 256
 * random bits, so a fast hash is enough and lets every request be checked by one index lookup).
 */
@Service
public class ApiTokens {

    static final String PREFIX = "kp_";

    private final ApiTokenStore store;
    private final EmployeeStore employees;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ApiTokens(ApiTokenStore store, EmployeeStore employees, Clock clock) {
        this.store = store;
        this.employees = employees;
        this.clock = clock;
    }

    public record Issued(ApiToken token, String secret) {
    }

    @Transactional
    public Issued issue(long employeeId, String name) {
        String cleanName = Checks.clean(name);
        new Checks().required("name", cleanName).text("name", cleanName, 100).throwIfAny();
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long id = store.insert(employeeId, cleanName, hash(secret), clock.instant());
        ApiToken token = store.ofEmployee(employeeId).stream().filter(t -> t.id() == id).findFirst().orElseThrow();
        return new Issued(token, secret);
    }

    public List<ApiToken> of(long employeeId) {
        return store.ofEmployee(employeeId);
    }

    @Transactional
    public void revoke(long employeeId, long tokenId) {
        if (!store.delete(tokenId, employeeId)) throw new NotFoundException("API token", tokenId);
    }

    /** The employee a presented secret belongs to, if it is a live token of an active employee. */
    @Transactional
    public Optional<KoppelUser> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) return Optional.empty();
        return store.findByHash(hash(secret)).flatMap(token -> {
            store.touch(token.id(), clock.instant());
            return employees.find(token.employeeId())
                    .filter(e -> e.active())
                    .map(e -> new KoppelUser(e.id(), e.login(), null, e.role(), true, false, token.id()));
        });
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
