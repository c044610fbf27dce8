package org.koppel.web.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.koppel.crm.ConflictException;
import org.koppel.runtime.Connections;
import org.koppel.runtime.ContactReviews;
import org.koppel.security.KoppelUser;
import org.koppel.store.ContactReviewStore;
import org.koppel.store.ContactReviewStore.Review;
import org.koppel.sync.ContactSlots;
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
 * Changes held for review: both versions of the contact side by side, what Koppel holds and what the
 * address book made of it, with the fields that differ marked, and Accept / Reject.
 */
@Controller
@RequestMapping("/connections/{id}/reviews")
class ReviewController {

    private final Connections connections;
    private final ContactReviews reviews;
    private final RelationNames names;
    private final UiText text;

    ReviewController(Connections connections, ContactReviews reviews, RelationNames names,
                     UiText text) {
        this.connections = connections;
        this.reviews = reviews;
        this.names = names;
        this.text = text;
    }

    /** One field in both versions; {@code slot} names its label's message key, {@code label} is the English fallback. */
    public record Field(String slot, String label, String before, String after, boolean differs) {
    }

    /** {@code name}: the relation's display name, null when it was deleted since. */
    public record Row(Review review, String name, List<Field> fields) {
        public boolean open() {
            return review.status() == ContactReviewStore.Status.OPEN;
        }

        /** The message key of how the review was decided (sync.review.decision.*). */
        public String decisionKey() {
            String status = review.status().name();
            boolean applies = review.status() == ContactReviewStore.Status.ACCEPTED
                    || review.status() == ContactReviewStore.Status.REJECTED;
            return "sync.review.decision." + status + (applies && review.applied() ? ".applied" : "");
        }
    }

    @GetMapping
    ModelAndView show(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        var page = new ModelAndView("connections/reviews");
        page.addObject("connection", connections.find(id, user));
        List<Review> held = reviews.of(id, user);
        var relationNames = names.of(held.stream().map(Review::crmId).toList());
        page.addObject("rows", held.stream().map(r -> row(r, relationNames.get(r.crmId()))).toList());
        return page;
    }

    @PostMapping("/{reviewId}")
    String decide(@PathVariable long id, @PathVariable long reviewId, @RequestParam("decision") String decision,
                  @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        try {
            if (decision.equals("accept")) {
                reviews.accept(id, reviewId, user);
                redirect.addFlashAttribute("notice", text.of("sync.review.accepted"));
            } else if (decision.equals("reject")) {
                reviews.reject(id, reviewId, user);
                redirect.addFlashAttribute("notice", text.of("sync.review.rejected"));
            } else {
                redirect.addFlashAttribute("problem", text.of("sync.review.unknownDecision"));
            }
        } catch (ConflictException e) {
            redirect.addFlashAttribute("problem", text.of("sync.review.decidedAlready"));
        }
        return "redirect:/connections/" + id + "/reviews";
    }


    private static Row row(Review review, String name) {
        var fields = new ArrayList<Field>();
        for (String slot : ContactSlots.ALL) {
            String before = review.base().get(slot);
            String after = review.peer().get(slot);
            if (before == null && after == null) continue;
            fields.add(new Field(slot, ContactSlots.label(slot), before, after, !Objects.equals(before, after)));
        }
        return new Row(review, name, fields);
    }
}
