package io.sigillo.deployment;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's files are, seen from this module's tests. */
final class Project {

    private Project() {
    }

    /** The top of the project: the folder with k8s/ and the parent pom. */
    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("k8s")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no project root above " + here);
    }
}
