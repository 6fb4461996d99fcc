package io.tollgrid.ops.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands README.md prints: every line of its fenced blocks, with backslash continuations joined, then every
 * inline code span (a span wrapped over two lines read as one), that starts with a command the README teaches ({@code curl}, {@code mvn}, {@code ./tollgrid},
 * a script under {@code ops/} or {@code load-tests/}, {@code apt-get}). Diagrams and names in backticks are not
 * commands and are left out, and so are paths that are not scripts ({@code ops/deploy/}).
 */
final class ReadmeExamples {
    static final Path README = Path.of("..", "README.md");
    private static final Pattern COMMAND = Pattern.compile("^(curl|mvn|\\./tollgrid|apt-get|(ops|load-tests)/[\\w./-]+\\.(sh|py))(\\s.*)?$");
    private static final Pattern INLINE = Pattern.compile("`([^`]+)`");

    private ReadmeExamples() {
    }

    static String readme() {
        try {
            return Files.readString(README);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every command, in the order the README prints them, a block's before the inline ones of later prose. */
    static List<String> commands(String markdown) {
        List<String> commands = new ArrayList<>();
        StringBuilder prose = new StringBuilder();
        boolean inBlock = false;
        StringBuilder pending = null;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                inBlock = !inBlock;
                continue;
            }
            if (inBlock) {
                String text = line.strip();
                if (pending != null) {
                    pending.append(' ').append(text.endsWith("\\") ? text.substring(0, text.length() - 1).strip() : text);
                    if (!text.endsWith("\\")) {
                        commands.add(pending.toString());
                        pending = null;
                    }
                    continue;
                }
                String command = withoutComment(text);
                if (COMMAND.matcher(command).matches()) {
                    if (command.endsWith("\\")) {
                        pending = new StringBuilder(command.substring(0, command.length() - 1).strip());
                    } else {
                        commands.add(command);
                    }
                }
                continue;
            }
            prose.append(line).append('\n');
        }
        // Inline spans may wrap onto the next line of a paragraph; read as one line.
        Matcher inline = INLINE.matcher(prose);
        while (inline.find()) {
            String span = inline.group(1).replaceAll("\\s+", " ").strip();
            if (COMMAND.matcher(span).matches()) {
                commands.add(span);
            }
        }
        return commands;
    }

    /** The README's curl commands, each one whole command line as printed. */
    static List<String> curls(String markdown) {
        return commands(markdown).stream().filter(c -> c.startsWith("curl ")).toList();
    }

    /** A trailing shell comment outside quotes goes ({@code ops/switch/setup.sh   # once per machine}). */
    private static String withoutComment(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i).strip();
            }
        }
        return line;
    }
}
