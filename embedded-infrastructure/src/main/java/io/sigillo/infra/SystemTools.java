package io.sigillo.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Programs from the system's packages that some tests drive (swaks, mail clients), found on the PATH. */
public final class SystemTools {

    private SystemTools() {
    }

    /** Whether {@code program} is an executable on the PATH; CI installs every one the tests name. */
    public static boolean installed(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
    }
}
