package org.koppel.web.ui;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.koppel.crm.Checks;
import org.koppel.crm.ConflictException;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.StaleVersionException;
import org.koppel.crm.customfield.CustomField;
import org.koppel.crm.customfield.CustomFieldType;
import org.koppel.crm.customfield.CustomFields;
import org.koppel.crm.relation.RelationKind;
import org.koppel.security.KoppelUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Custom field definitions for admins (the security chain keeps others out): the list, adding one,
 * and one field's page (label, order, pick-list options, deleting it). Record type, key and type
 * are fixed once made, as stored values depend on them; deleting a field in use says how many
 * values go with it and asks for that to be confirmed.
 */
@Controller
@RequestMapping("/custom-fields")
class CustomFieldController {

    /** The field form; pick-list options come one per line. */
    record Form(Long version, RelationKind recordType, String key, String label, CustomFieldType type, String options,
                Integer position) {

        static final Set<String> INPUTS = Set.of("recordType", "key", "label", "type", "options", "position");

        static Form of(CustomField f) {
            return new Form(f.version(), f.recordType(), f.key(), f.label(), f.type(), String.join("\n", f.options()),
                    f.position());
        }

        CustomField toField(CustomField current) {
            List<String> lines = options == null ? List.of()
                    : Arrays.stream(options.split("\\R")).map(Checks::clean).filter(s -> s != null).toList();
            return current == null
                    ? new CustomField(null, null, recordType, key, label, type, lines, position, null, null)
                    : new CustomField(current.id(), version, current.recordType(), current.key(), label, current.type(),
                            lines, position, null, null);
        }
    }

    private final CustomFields fields;
    private final UiText text;

    CustomFieldController(CustomFields fields, UiText text) {
        this.fields = fields;
        this.text = text;
    }

    @GetMapping
    ModelAndView list() {
        return listPage(new Form(null, RelationKind.PERSON, null, null, CustomFieldType.TEXT, null, null),
                FormProblems.none(), HttpStatus.OK);
    }

    @PostMapping
    ModelAndView create(Form form, @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        try {
            CustomField created = fields.create(form.toField(null), user.origin());
            redirect.addFlashAttribute("notice", text.of("relations.customFields.created", created.label()));
            return new ModelAndView("redirect:/custom-fields");
        } catch (InvalidInputException e) {
            return listPage(form, FormProblems.of(e.problems(), Form.INPUTS), HttpStatus.UNPROCESSABLE_CONTENT);
        } catch (ConflictException e) {
            return listPage(form, FormProblems.general(e.getMessage()), HttpStatus.CONFLICT);
        }
    }

    @GetMapping("/{id}")
    ModelAndView show(@PathVariable long id) {
        CustomField field = fields.find(id);
        return fieldPage(field, Form.of(field), FormProblems.none(), HttpStatus.OK);
    }

    @PostMapping("/{id}")
    ModelAndView update(@PathVariable long id, Form form, @AuthenticationPrincipal KoppelUser user,
                        RedirectAttributes redirect) {
        CustomField current = fields.find(id);
        try {
            fields.update(id, form.version(), form.toField(current), user.origin());
            redirect.addFlashAttribute("notice", text.of("relations.customFields.saved"));
            return new ModelAndView("redirect:/custom-fields/" + id);
        } catch (InvalidInputException e) {
            return fieldPage(current, form, FormProblems.of(e.problems(), Form.INPUTS), HttpStatus.UNPROCESSABLE_CONTENT);
        } catch (StaleVersionException e) {
            return fieldPage(current, form, FormProblems.general(text.of("relations.customFields.stale")),
                    HttpStatus.CONFLICT).addObject("stale", true);
        } catch (ConflictException e) {
            return fieldPage(current, form, FormProblems.general(e.getMessage()), HttpStatus.CONFLICT);
        }
    }

    /** {@code values}: the count the admin saw and confirmed; more values since then are not removed unasked. */
    @PostMapping("/{id}/delete")
    ModelAndView delete(@PathVariable long id, @RequestParam(defaultValue = "0") long values,
                        @RequestParam(defaultValue = "false") boolean confirm, @AuthenticationPrincipal KoppelUser user,
                        RedirectAttributes redirect) {
        CustomField current = fields.find(id);
        long now = fields.valueCount(id);
        if (now > 0 && (!confirm || values != now)) {
            return fieldPage(current, Form.of(current),
                    FormProblems.general(text.of("relations.customFields.confirmFirst", now)), HttpStatus.CONFLICT);
        }
        fields.delete(id, now > 0, user.origin());
        redirect.addFlashAttribute("notice", text.of("relations.customFields.deleted", current.label(), now));
        return new ModelAndView("redirect:/custom-fields");
    }

    private ModelAndView listPage(Form form, FormProblems problems, HttpStatus status) {
        var page = new ModelAndView("customfields/list", status);
        page.addObject("fields", fields.all());
        page.addObject("form", form);
        page.addObject("problems", problems);
        page.addObject("kinds", RelationKind.values());
        page.addObject("types", CustomFieldType.values());
        return page;
    }

    private ModelAndView fieldPage(CustomField field, Form form, FormProblems problems, HttpStatus status) {
        var page = new ModelAndView("customfields/detail", status);
        page.addObject("field", field);
        page.addObject("form", form);
        page.addObject("problems", problems);
        page.addObject("valueCount", fields.valueCount(field.id()));
        page.addObject("stale", false);
        return page;
    }

}
