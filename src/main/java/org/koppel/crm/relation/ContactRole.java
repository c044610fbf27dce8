package org.koppel.crm.relation;

import static org.koppel.crm.Checks.clean;

import org.koppel.crm.Checks;

/** A person's role as contact person at one organisation. */
public record ContactRole(Long organisationId, String email, String phone, String mobile, String jobTitle) {

    ContactRole cleaned() {
        return new ContactRole(organisationId, clean(email), clean(phone), clean(mobile), clean(jobTitle));
    }

    void check(String path, Checks checks) {
        checks.required(path + ".organisationId", organisationId)
                .email(path + ".email", email)
                .phone(path + ".phone", phone)
                .phone(path + ".mobile", mobile)
                .text(path + ".jobTitle", jobTitle, 100);
    }
}
