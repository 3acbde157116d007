package io.sigillo.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real {@code kubectl kustomize}, where installed, to keep {@link Kustomization} honest. */
final class Kubectl {

    private Kubectl() {
    }

    static boolean available() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "kubectl"))) {
                return true;
            }
        }
        return false;
    }

    static List<Map<String, Object>> kustomize(Path dir) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kustomize", ".yaml");
        try {
            Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                    .redirectOutput(out.toFile()).redirectErrorStream(false).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed: "
                        + new String(p.getErrorStream().readAllBytes()));
            }
            return Yaml.documents(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
