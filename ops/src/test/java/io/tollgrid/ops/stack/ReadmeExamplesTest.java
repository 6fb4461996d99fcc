package io.tollgrid.ops.stack;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command README.md prints refers to something that exists: its scripts are there and executable and take
 * the subcommands and flags shown, its Maven modules, profiles and test classes exist, and the packages it tells
 * to install are the ones setup.sh installs. The curl examples are run as printed against a started stack by
 * {@link LocalStackTest}; the Maven commands are what CI itself runs, and cannot run inside a test.
 */
class ReadmeExamplesTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void theReadmeCommandsAreFoundAsTheReaderSeesThem() {
        List<String> commands = ReadmeExamples.commands(ReadmeExamples.readme());
        List<String> curls = ReadmeExamples.curls(ReadmeExamples.readme());
        assertEquals(5, curls.size(), "the demo session's curls: " + curls);
        assertTrue(curls.get(0).contains("-d '{\"callId\":\"demo-call-1\""), "continuation lines are joined: " + curls.get(0));
        assertTrue(commands.contains("./tollgrid up") && commands.contains("mvn -B verify")
                && commands.contains("ops/switch/setup.sh"), String.valueOf(commands));
        assertEquals(List.of("curl -s x", "mvn -B verify", "mvn -B -pl ops verify", "apt-get install a b"),
                ReadmeExamples.commands("""
                ```
                switch ─▶ gateway
                curl -s \\
                     x
                mvn -B verify   # a comment
                ```
                Prose with `name` and `mvn -B -pl ops verify` inline, and `apt-get install a
                b` wrapped.
                """));
    }

    @Test
    void everyCommandTheReadmePrintsNamesWhatExists() throws IOException {
        List<String> problems = new ArrayList<>();
        Matcher array = Pattern.compile("(?m)^packages=\\(([^)]*)\\)").matcher(Files.readString(ROOT.resolve("ops/switch/setup.sh")));
        assertTrue(array.find(), "setup.sh lists its packages");
        List<String> installed = List.of(array.group(1).strip().split("\\s+"));
        int checked = 0;
        for (String line : ReadmeExamples.commands(ReadmeExamples.readme())) {
            for (String command : line.split("&&")) {
                command = command.strip();
                String[] words = command.split("\\s+");
                if (words[0].equals("curl")) {
                    continue; // run by LocalStackTest
                }
                checked++;
                if (words[0].equals("mvn")) {
                    checkMaven(command, words, problems);
                } else if (words[0].equals("apt-get")) {
                    for (int i = 2; i < words.length; i++) {
                        if (!words[i].startsWith("-") && !installed.contains(words[i])) {
                            problems.add(command + ": setup.sh does not install " + words[i]);
                        }
                    }
                } else {
                    checkScript(command, words, problems);
                }
            }
        }
        assertTrue(checked >= 8, "commands checked: " + checked);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static void checkScript(String command, String[] words, List<String> problems) throws IOException {
        Path script = ROOT.resolve(words[0]);
        if (!Files.isRegularFile(script) || !Files.isExecutable(script)) {
            problems.add(command + ": " + words[0] + " is not an executable file");
            return;
        }
        // A script's flags are either in its own text or parsed by the Java main it runs (args.integer("warmup", ...)).
        StringBuilder known = new StringBuilder(Files.readString(script));
        Path sources = ROOT.resolve(words[0].substring(0, words[0].indexOf('/'))).resolve("src/main/java");
        if (Files.isDirectory(sources)) {
            try (Stream<Path> java = Files.walk(sources)) {
                for (Path file : java.filter(p -> p.toString().endsWith(".java")).toList()) {
                    known.append(Files.readString(file));
                }
            }
        }
        String text = known.toString();
        for (int i = 1; i < words.length; i++) {
            String word = words[i];
            if (word.startsWith("--") && !text.contains(word) && !text.contains("\"" + word.substring(2) + "\"")) {
                problems.add(command + ": " + words[0] + " takes no " + word);
            } else if (i == 1 && word.matches("[a-z]+") && !Pattern.compile("(^|[\\s|(])" + word + "[|)]", Pattern.MULTILINE)
                    .matcher(text).find()) {
                problems.add(command + ": " + words[0] + " has no subcommand " + word);
            }
        }
    }

    private static void checkMaven(String command, String[] words, List<String> problems) throws IOException {
        List<Path> poms = new ArrayList<>();
        String module = null;
        for (int i = 1; i < words.length; i++) {
            if (words[i].equals("-pl") && i + 1 < words.length) {
                module = words[i + 1];
            }
        }
        if (module != null && !Files.isRegularFile(ROOT.resolve(module).resolve("pom.xml"))) {
            problems.add(command + ": no module " + module);
            return;
        }
        try (Stream<Path> all = Files.list(ROOT)) {
            all.map(dir -> dir.resolve("pom.xml")).filter(Files::isRegularFile).forEach(poms::add);
        }
        poms.add(ROOT.resolve("pom.xml"));
        for (String word : words) {
            if (word.startsWith("-P")) {
                String profile = word.substring(2);
                boolean found = false;
                for (Path pom : poms) {
                    found |= Files.readString(pom).contains("<id>" + profile + "</id>");
                }
                if (!found) {
                    problems.add(command + ": no profile " + profile);
                }
            }
            Matcher test = Pattern.compile("^-Dtest=([A-Za-z0-9_]+)$").matcher(word);
            if (test.matches()) {
                String file = test.group(1) + ".java";
                boolean found = false;
                try (Stream<Path> modules = Files.list(ROOT)) {
                    for (Path tests : modules.map(m -> m.resolve("src/test/java")).filter(Files::isDirectory).toList()) {
                        try (Stream<Path> sources = Files.walk(tests)) {
                            found |= sources.anyMatch(p -> p.getFileName().toString().equals(file));
                        }
                    }
                }
                if (!found) {
                    problems.add(command + ": no test class " + test.group(1));
                }
            }
        }
    }
}
