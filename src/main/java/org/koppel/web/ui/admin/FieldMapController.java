package org.koppel.web.ui.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import org.koppel.crm.ConflictException;
import org.koppel.crm.FieldProblem;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.NotFoundException;
import org.koppel.runtime.FieldMapEditor;
import org.koppel.runtime.FieldMapEditor.Shown;
import org.koppel.store.CustomFieldStore;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.DataType;
import org.koppel.sync.FieldMap.EmptyDefault;
import org.koppel.sync.FieldMap.PersonRole;
import org.koppel.sync.FieldMap.RowDirection;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * Settings → Field mapping, for admins (the security chain keeps others out of /settings): the
 * rows of contacts by card kind, of appointments and of tasks, in plain words. Every form works
 * without script (post, then back to the page); with htmx it swaps the editor in place.
 */
@Controller
@RequestMapping("/settings/field-map")
class FieldMapController {

    private static final String PAGE = "settings/field-map";
    /** The kinds of card as the page lists them: what every person has first. */
    private static final List<PersonRole> KINDS = List.of(PersonRole.ANY, PersonRole.CONTACT_PERSON,
            PersonRole.PRIVATE_INDIVIDUAL, PersonRole.ORGANISATION, PersonRole.LEAD);

    private final FieldMapEditor editor;
    private final CustomFieldStore customFields;
    private final MessageSource messages;

    FieldMapController(FieldMapEditor editor, CustomFieldStore customFields, MessageSource messages) {
        this.editor = editor;
        this.customFields = customFields;
        this.messages = messages;
    }

    /** A row as the page shows it; {@code defaults} are the choices of a pick list's empty value (empty elsewhere). */
    record RowView(long id, String field, String slot, RowDirection direction, boolean fixed, boolean first, boolean last,
                   List<Choice> defaults, String defaultChoice) {
    }

    /** The rows of one card kind (contacts), or all rows of appointments or tasks. */
    record Group(String id, String title, List<RowView> rows) {
    }

    record Choice(String value, String label) {
    }

    @GetMapping
    ModelAndView page(@RequestParam(defaultValue = "contacts") String type) {
        return view(FieldMapEditor.dataType(type), List.of(), HttpStatus.OK);
    }

    @PostMapping("/{type}/{id}/direction")
    ModelAndView direction(@PathVariable String type, @PathVariable long id, @RequestParam String direction,
                           @RequestHeader(value = "HX-Request", required = false) String htmx) {
        DataType dataType = FieldMapEditor.dataType(type);
        return act(dataType, htmx, () -> editor.change(dataType, id, new FieldMapEditor.Change(direction, null, null)));
    }

    /** {@code choice}: NONE, FIRST_OPTION, or CHOSEN:&lt;option&gt;. */
    @PostMapping("/{type}/{id}/default")
    ModelAndView emptyDefault(@PathVariable String type, @PathVariable long id, @RequestParam String choice,
                              @RequestHeader(value = "HX-Request", required = false) String htmx) {
        DataType dataType = FieldMapEditor.dataType(type);
        String[] parts = choice.split(":", 2);
        return act(dataType, htmx, () -> editor.change(dataType, id,
                new FieldMapEditor.Change(null, parts[0], parts.length > 1 ? parts[1] : null)));
    }

    @PostMapping("/{type}/{id}/move")
    ModelAndView move(@PathVariable String type, @PathVariable long id, @RequestParam boolean up,
                      @RequestHeader(value = "HX-Request", required = false) String htmx) {
        DataType dataType = FieldMapEditor.dataType(type);
        return act(dataType, htmx, () -> editor.move(dataType, id, up));
    }

    @PostMapping("/{type}/{id}/remove")
    ModelAndView remove(@PathVariable String type, @PathVariable long id,
                        @RequestHeader(value = "HX-Request", required = false) String htmx) {
        DataType dataType = FieldMapEditor.dataType(type);
        return act(dataType, htmx, () -> editor.remove(dataType, id));
    }

    /** Adds a row; a custom field without a chosen slot goes to its own custom slot. */
    @PostMapping("/{type}")
    ModelAndView add(@PathVariable String type, @RequestParam(required = false) String role, @RequestParam String crmField,
                     @RequestParam(required = false) String slot, @RequestParam(defaultValue = "BOTH") String direction,
                     @RequestHeader(value = "HX-Request", required = false) String htmx) {
        DataType dataType = FieldMapEditor.dataType(type);
        String field = crmField.isBlank() ? null : crmField;
        String target = (slot == null || slot.isBlank()) && field != null && (ContactSlots.isCustom(field) || dataType != DataType.CONTACTS)
                ? agendaOrCustomSlot(dataType, field) : slot;
        return act(dataType, htmx, () -> editor.add(dataType, new FieldMapEditor.Input(role, field, target, direction, null, null)));
    }

    private String agendaOrCustomSlot(DataType type, String field) {
        return type == DataType.CONTACTS ? field : editor.missingAgendaPairs(type).get(field);
    }

    /** Does the change; a refusal shows the page again with its reason in the page's language. */
    private ModelAndView act(DataType type, String htmx, Runnable change) {
        List<String> problems = new ArrayList<>();
        HttpStatus status = HttpStatus.OK;
        FieldMapLabels labels = labels();
        try {
            change.run();
        } catch (InvalidInputException e) {
            for (FieldProblem p : e.problems()) problems.add(labels.msg("admin.fieldmap.problem." + p.field()));
            status = HttpStatus.UNPROCESSABLE_CONTENT;
        } catch (ConflictException e) {
            problems.add(labels.msg(e.getMessage().startsWith("slot ") ? "admin.fieldmap.problem.duplicate" : "admin.fieldmap.problem.fixed"));
            status = HttpStatus.CONFLICT;
        } catch (NotFoundException e) {
            problems.add(labels.msg("admin.fieldmap.problem.gone"));
            status = HttpStatus.NOT_FOUND;
        }
        if (htmx == null && problems.isEmpty()) {
            return new ModelAndView("redirect:/settings/field-map?type=" + type.name().toLowerCase(java.util.Locale.ROOT));
        }
        return view(type, problems.stream().distinct().toList(), status);
    }

    private ModelAndView view(DataType type, List<String> problems, HttpStatus status) {
        FieldMapLabels labels = labels();
        List<Shown> rows = editor.rows(type);
        var page = new ModelAndView(PAGE, status);
        page.addObject("type", type.name().toLowerCase(java.util.Locale.ROOT));
        page.addObject("types", FieldMapEditor.EDITABLE.stream().map(t -> t.name().toLowerCase(java.util.Locale.ROOT)).toList());
        page.addObject("groups", groups(type, rows, labels));
        page.addObject("directions", List.of(RowDirection.BOTH, RowDirection.CRM_TO_PEER, RowDirection.PEER_TO_CRM));
        page.addObject("problems", problems);
        if (type == DataType.CONTACTS) {
            page.addObject("roles", KINDS);
            page.addObject("fieldChoices", contactFieldChoices(labels));
            page.addObject("slotChoices", contactSlotChoices(labels));
        } else {
            var missing = new ArrayList<Choice>();
            editor.missingAgendaPairs(type).forEach((field, slot) -> missing.add(new Choice(field, labels.field(PersonRole.ANY, field))));
            page.addObject("agendaChoices", missing);
        }
        return page;
    }

    private static List<Group> groups(DataType type, List<Shown> rows, FieldMapLabels labels) {
        var byRole = new LinkedHashMap<PersonRole, List<Shown>>();
        if (type == DataType.CONTACTS) for (PersonRole role : KINDS) byRole.put(role, new ArrayList<>());
        for (Shown row : rows) byRole.computeIfAbsent(row.role(), r -> new ArrayList<>()).add(row);
        var groups = new ArrayList<Group>();
        byRole.forEach((role, shown) -> {
            List<Shown> movable = shown.stream().filter(s -> !s.fixed()).toList();
            var views = shown.stream().map(s -> new RowView(s.id(), labels.field(role, s.crmField()), labels.slot(role, s.slot()),
                    s.direction(), s.fixed(), !movable.isEmpty() && movable.getFirst() == s,
                    !movable.isEmpty() && movable.getLast() == s, defaults(s, labels), defaultChoice(s))).toList();
            String title = type == DataType.CONTACTS ? labels.kind(role) : labels.msg("admin.fieldmap.type." + type.name());
            groups.add(new Group("kind-" + role.name().toLowerCase(java.util.Locale.ROOT), title, views));
        });
        return groups;
    }

    private static List<Choice> defaults(Shown row, FieldMapLabels labels) {
        if (row.options() == null || row.options().isEmpty()) return List.of();
        var choices = new ArrayList<Choice>();
        choices.add(new Choice(EmptyDefault.NONE.name(), labels.msg("admin.fieldmap.default.none")));
        choices.add(new Choice(EmptyDefault.FIRST_OPTION.name(), labels.msg("admin.fieldmap.default.first", row.options().getFirst())));
        for (String option : row.options()) {
            choices.add(new Choice(EmptyDefault.CHOSEN.name() + ":" + option, labels.msg("admin.fieldmap.default.chosen", option)));
        }
        return choices;
    }

    private static String defaultChoice(Shown row) {
        if (row.emptyDefault() == null) return null;
        return row.emptyDefault() == EmptyDefault.CHOSEN ? EmptyDefault.CHOSEN.name() + ":" + row.defaultValue() : row.emptyDefault().name();
    }

    /** Every CRM field any card kind may name, once, then the custom fields (grouped by what they belong to). */
    private List<Choice> contactFieldChoices(FieldMapLabels labels) {
        var seen = new LinkedHashMap<String, Choice>();
        for (PersonRole role : List.of(PersonRole.CONTACT_PERSON, PersonRole.ORGANISATION, PersonRole.LEAD)) {
            for (String field : FieldMapLabels.CONTACT_FIELDS.get(role)) seen.putIfAbsent(field, new Choice(field, labels.field(role, field)));
        }
        customFields.all().forEach(f -> seen.putIfAbsent(ContactSlots.CUSTOM_PREFIX + f.key(), new Choice(ContactSlots.CUSTOM_PREFIX + f.key(),
                labels.field(switch (f.recordType()) {
                    case ORGANISATION -> PersonRole.ORGANISATION;
                    case LEAD -> PersonRole.LEAD;
                    default -> PersonRole.ANY;
                }, ContactSlots.CUSTOM_PREFIX + f.key()))));
        return List.copyOf(seen.values());
    }

    private static List<Choice> contactSlotChoices(FieldMapLabels labels) {
        return ContactSlots.ALL.stream().map(s -> new Choice(s, labels.slot(PersonRole.ANY, s))).toList();
    }

    private FieldMapLabels labels() {
        return new FieldMapLabels(messages, LocaleContextHolder.getLocale(), customFields.all());
    }
}
