package io.sigillo.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compiled classes of every module the parent pom lists, main and test, read from each module's target
 * folder: the reactor has compiled them all before this module (its dependencies see to that).
 */
final class ProjectClasses {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static JavaClasses classes;

    private ProjectClasses() {
    }

    /** Every module's classes, imported once per test JVM. */
    static synchronized JavaClasses all() {
        if (classes == null) {
            classes = new ClassFileImporter().importPaths(folders());
        }
        return classes;
    }

    /** The class folders: a module with sources and no compiled classes fails here rather than pass unread. */
    static List<Path> folders() {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> folders = new ArrayList<>();
        for (String module : modules(root)) {
            for (String kind : List.of("main", "test")) {
                if (Files.isDirectory(root.resolve(module).resolve("src").resolve(kind).resolve("java"))) {
                    Path compiled = root.resolve(module).resolve("target")
                            .resolve(kind.equals("main") ? "classes" : "test-classes");
                    if (!Files.isDirectory(compiled)) {
                        throw new IllegalStateException(compiled + " is missing: build the whole project "
                                + "(./mvnw -B verify) so every module is checked");
                    }
                    folders.add(compiled);
                }
            }
        }
        return folders;
    }

    private static List<String> modules(Path root) {
        try {
            Matcher m = MODULE.matcher(Files.readString(root.resolve("pom.xml")));
            List<String> modules = new ArrayList<>();
            while (m.find()) {
                modules.add(m.group(1).trim());
            }
            return modules;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
