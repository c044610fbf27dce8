package org.koppel.crm.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.springframework.security.access.AccessDeniedException;

/**
 * Who may change a group. A group drives sync scope (rule 8: the members of groups a user owns
 * under a main group go to that user's address book), so taking one over or emptying it changes
 * what reaches someone else's phone.
 *
 * <ul>
 * <li>Its owner and admins may change everything of a group and delete it.</li>
 * <li>A private group ({@code public = false}) is its owner's alone: nobody else changes or deletes it.</li>
 * <li>A public group is shared work: anyone adds and removes its members, but its name, main
 *     group, owner and public flag stay with its owner and admins, as does deleting it.</li>
 * <li>A new group is owned by whoever creates it; only admins create one for someone else or
 *     give one to someone else (it would fill that employee's address book).</li>
 * </ul>
 * The CRMcorner document shows the flag beside the owner in the group's dialog without saying
 * more; these rules are Koppel's reading of it. Reading groups stays open to every employee, as
 * relations are: a group's members are relations everybody can list anyway.
 */
final class GroupRights {

    private GroupRights() {
    }

    static void mayCreate(Group group, GroupEditor editor) {
        if (!ownedByEditorOrAdmin(group, editor)) {
            throw new AccessDeniedException("Only an admin can create a group owned by someone else (ownerId "
                    + group.ownerId() + "); make yourself the owner");
        }
    }

    static void mayChange(Group current, Group changed, GroupEditor editor) {
        if (ownerOrAdmin(current, editor)) {
            if (!ownedByEditorOrAdmin(changed, editor)) {
                throw new AccessDeniedException("Only an admin can give a group to someone else (ownerId "
                        + changed.ownerId() + "): it would fill that employee's address book");
            }
            return;
        }
        if (!current.isPublic()) {
            throw new AccessDeniedException("Group " + current.id() + " is private: only its owner (employee "
                    + current.ownerId() + ") or an admin can change it");
        }
        List<String> reserved = new ArrayList<>();
        if (!Objects.equals(current.name(), changed.name())) reserved.add("name");
        if (!Objects.equals(current.mainGroup(), changed.mainGroup())) reserved.add("mainGroup");
        if (!Objects.equals(current.ownerId(), changed.ownerId())) reserved.add("ownerId");
        if (current.isPublic() != changed.isPublic()) reserved.add("public");
        if (!reserved.isEmpty()) {
            throw new AccessDeniedException("In public group " + current.id() + " anyone may change the members, but only "
                    + "its owner (employee " + current.ownerId() + ") or an admin may change " + String.join(", ", reserved));
        }
    }

    static void mayDelete(Group current, GroupEditor editor) {
        if (ownerOrAdmin(current, editor)) return;
        throw new AccessDeniedException("Group " + current.id() + ": only its owner (employee " + current.ownerId()
                + ") or an admin can delete it");
    }

    /** Whether the group, as created or changed, is the editor's own (or has no owner yet, refused elsewhere). */
    private static boolean ownedByEditorOrAdmin(Group group, GroupEditor editor) {
        return editor.admin() || group.ownerId() == null || group.ownerId().equals(editor.employeeId());
    }

    private static boolean ownerOrAdmin(Group group, GroupEditor editor) {
        return editor.admin() || Objects.equals(group.ownerId(), editor.employeeId());
    }
}
