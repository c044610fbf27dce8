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

    ReviewController(Connections connections, ContactReviews reviews) {
        this.connections = connections;
        this.reviews = reviews;
    }

    /** One field in both versions. */
    public record Field(String label, String before, String after, boolean differs) {
    }

    public record Row(Review review, List<Field> fields) {
        public boolean open() {
            return review.status() == ContactReviewStore.Status.OPEN;
        }

        public String decision() {
            return switch (review.status()) {
                case OPEN -> "waiting";
                case ACCEPTED -> review.applied() ? "accepted; Koppel took the change" : "accepted; the next run takes it";
                case REJECTED -> review.applied() ? "rejected; Koppel's values were written back"
                        : "rejected; the next run writes Koppel's values back";
                case OBSOLETE -> "no longer applies: the contact left the address book or Koppel's sync";
            };
        }
    }

    @GetMapping
    ModelAndView show(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        var page = new ModelAndView("connections/reviews");
        page.addObject("connection", connections.find(id, user));
        page.addObject("rows", reviews.of(id, user).stream().map(ReviewController::row).toList());
        return page;
    }

    @PostMapping("/{reviewId}")
    String decide(@PathVariable long id, @PathVariable long reviewId, @RequestParam("decision") String decision,
                  @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        try {
            if (decision.equals("accept")) {
                reviews.accept(id, reviewId, user);
                redirect.addFlashAttribute("notice", "Accepted: the next run, starting now, writes the change into Koppel.");
            } else if (decision.equals("reject")) {
                reviews.reject(id, reviewId, user);
                redirect.addFlashAttribute("notice",
                        "Rejected: the next run, starting now, puts Koppel's values back into the address book.");
            } else {
                redirect.addFlashAttribute("problem", "decision must be accept or reject");
            }
        } catch (ConflictException e) {
            redirect.addFlashAttribute("problem", "This change was decided already, by you or someone else.");
        }
        return "redirect:/connections/" + id + "/reviews";
    }

    private static Row row(Review review) {
        var fields = new ArrayList<Field>();
        for (String slot : ContactSlots.ALL) {
            String before = review.base().get(slot);
            String after = review.peer().get(slot);
            if (before == null && after == null) continue;
            fields.add(new Field(ContactSlots.label(slot), before, after, !Objects.equals(before, after)));
        }
        return new Row(review, fields);
    }
}
