package org.koppel.web.api;

import java.util.Map;

import org.koppel.runtime.SyncSettings;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sync settings per layer: {@code ORGANISATION/0}, {@code USER_GROUP/<id>}, {@code EMPLOYEE/<id>}.
 * Names are {@code <dataType>.<setting>}, e.g. {@code contacts.scope = MANAGER,OWNER}. Admins only
 * (see SecurityConfig). An unknown layer, setting or value is 400 naming it; a user group or
 * employee that does not exist is 404.
 */
@RestController
@RequestMapping("/api/v1/sync-settings")
class SyncSettingsApi {

    private final SyncSettings settings;

    SyncSettingsApi(SyncSettings settings) {
        this.settings = settings;
    }

    @GetMapping("/{scope}/{scopeId}")
    Map<String, String> get(@PathVariable String scope, @PathVariable long scopeId) {
        return settings.layer(scope, scopeId);
    }

    @PutMapping("/{scope}/{scopeId}")
    ResponseEntity<Map<String, String>> replace(@PathVariable String scope, @PathVariable long scopeId,
                                                @RequestBody Map<String, String> values) {
        settings.replace(scope, scopeId, values);
        return ResponseEntity.ok(settings.get(scope, scopeId));
    }
}
