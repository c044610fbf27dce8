package org.koppel.web.api;

import org.koppel.crm.InvalidInputException;
import org.koppel.crm.relation.LeadConversion;
import org.koppel.crm.relation.LeadConversion.Converted;
import org.koppel.security.KoppelUser;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

/**
 * Converting a lead into an organisation, a person or both (crm/relation/LeadConversion). The
 * lead's version comes as If-Match (412 when stale) or as {@code version} in the body (409).
 */
@RestController
class LeadConversionApi {

    /** What to make of the lead; both absent is refused with a reason. */
    record ConvertRequest(Boolean organisation, Boolean person, Long version) {
    }

    private final LeadConversion conversion;
    private final LenientBody bodies;

    LeadConversionApi(LeadConversion conversion, LenientBody bodies) {
        this.conversion = conversion;
        this.bodies = bodies;
    }

    @PostMapping("/api/v1/relations/{id}/convert")
    ResponseEntity<Converted> convert(@PathVariable long id,
                                      @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                      @RequestBody @ReadAs(ConvertRequest.class) JsonNode body,
                                      @AuthenticationPrincipal KoppelUser user) {
        var read = bodies.read(body, ConvertRequest.class);
        if (!read.problems().isEmpty()) throw new InvalidInputException(read.problems());
        ConvertRequest input = read.value();
        Converted converted = conversion.convert(id, ETags.expected(ifMatch, input.version()),
                Boolean.TRUE.equals(input.organisation()), Boolean.TRUE.equals(input.person()), user.origin());
        return ETags.ok(converted.lead().version(), converted);
    }
}
