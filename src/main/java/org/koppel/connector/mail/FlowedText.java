package org.koppel.connector.mail;

/**
 * Joins the lines of {@code text/plain; format=flowed} (RFC 3676) back into paragraphs: a line ending
 * in a space goes on in the next line of the same quote depth; space-stuffing is undone; with
 * {@code delsp=yes} the trailing space was added by the sender and is removed.
 */
final class FlowedText {

    private FlowedText() {
    }

    static String unflow(String text, boolean delSp) {
        StringBuilder out = new StringBuilder(text.length());
        boolean open = false;
        int openDepth = 0;
        for (String line : text.split("\r?\n", -1)) {
            int depth = 0;
            while (depth < line.length() && line.charAt(depth) == '>') {
                depth++;
            }
            String content = line.substring(depth);
            if (content.startsWith(" ")) {
                content = content.substring(1);   // space-stuffed (section 4.4)
            }
            boolean flowed = content.endsWith(" ") && !content.equals("-- ");
            if (flowed && delSp) {
                content = content.substring(0, content.length() - 1);
            }
            if (open && depth == openDepth) {
                out.append(content);
            } else {
                if (open) {
                    out.append('\n');   // a flowed line whose next line changed quote depth (section 4.5)
                }
                out.append(">".repeat(depth)).append(depth > 0 ? " " : "").append(content);
            }
            if (!flowed) {
                out.append('\n');
            }
            open = flowed;
            openDepth = depth;
        }
        out.setLength(Math.max(0, out.length() - 1));   // split gave one line more than newlines
        return out.toString();
    }
}
