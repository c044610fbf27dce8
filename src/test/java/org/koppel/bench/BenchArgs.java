package org.koppel.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The {@code --name value} options of a benchmark's command line, each known and given a value, or the usage. */
final class BenchArgs {

    private final Map<String, String> values = new HashMap<>();
    private final String usage;

    private BenchArgs(String usage) {
        this.usage = usage;
    }

    /** @throws IllegalArgumentException an unknown option or one without a value, with the usage */
    static BenchArgs parse(String[] args, Set<String> names, String usage) {
        var parsed = new BenchArgs(usage);
        for (int i = 0; i < args.length; i += 2) {
            if (!names.contains(args[i])) throw new IllegalArgumentException("unknown option '" + args[i] + "'\n" + usage);
            if (i + 1 >= args.length) throw new IllegalArgumentException(args[i] + " needs a value\n" + usage);
            parsed.values.put(args[i], args[i + 1].strip());
        }
        return parsed;
    }

    /** A benchmark's start: quiet logs, and its options, or the usage and exit status 2. */
    static <T> T startOrExit(java.util.function.Supplier<T> parse) {
        BenchResults.quietLogs();
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            throw e;
        }
    }

    String text(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    int number(String name, int otherwise) {
        try {
            return values.containsKey(name) ? Integer.parseInt(values.get(name)) : otherwise;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number\n" + usage);
        }
    }

    /** Refuses the options when {@code wrong}, saying {@code why}. */
    void require(boolean fine, String why) {
        if (!fine) throw new IllegalArgumentException(why + "\n" + usage);
    }
}
