package io.sigillo.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An image tarball Jib wrote ({@code docker save} or OCI image layout): its config and its layers. */
record ServiceImage(String module, Path tarball, JsonNode config, List<String> layers) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The image of {@code module} if {@code -Pimages} built it, else null. */
    static ServiceImage of(String module) {
        Path tarball = Project.root().resolve(module).resolve("target/jib-image.tar");
        if (!Files.exists(tarball)) {
            return null;
        }
        try {
            List<String> layers = new ArrayList<>();
            JsonNode config;
            byte[] docker = entry(tarball, "manifest.json");
            if (docker.length > 0) {
                // docker save layout: manifest.json names the config and the layer files.
                JsonNode manifest = JSON.readTree(docker).get(0);
                config = JSON.readTree(entry(tarball, manifest.get("Config").asText()));
                manifest.get("Layers").forEach(l -> layers.add(l.asText()));
            } else {
                // OCI image layout (-Djib.container.format=OCI): index, manifest, config and layers as blobs.
                JsonNode index = JSON.readTree(entry(tarball, "index.json"));
                JsonNode manifest = JSON.readTree(entry(tarball, blob(index.path("manifests").get(0))));
                config = JSON.readTree(entry(tarball, blob(manifest.path("config"))));
                manifest.path("layers").forEach(l -> layers.add(blob(l)));
            }
            return new ServiceImage(module, tarball, config.get("config"), layers);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tarball, e);
        }
    }

    private static String blob(JsonNode descriptor) {
        return "blobs/" + descriptor.path("digest").asText().replace(':', '/');
    }

    /** True when some layer holds {@code path} (relative, as tar lists it). */
    boolean contains(String path) throws IOException {
        for (String layer : layers) {
            if (list(layer).stream().anyMatch(p -> p.equals(path) || p.equals("./" + path))) {
                return true;
            }
        }
        return false;
    }

    /** Unpacks every layer, in order, into {@code root}: the file system a container would see. */
    void unpack(Path root) throws IOException, InterruptedException {
        Files.createDirectories(root);
        for (String layer : layers) {
            run(List.of("sh", "-c", "tar -xOf \"$0\" \"$1\" | tar -xzf - -C \"$2\"", tarball.toString(), layer,
                    root.toString()));
        }
    }

    private List<String> list(String layer) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", "tar -xOf \"$0\" \"$1\" | tar -tzf -", tarball.toString(), layer)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (InputStream in = p.getInputStream()) {
            return List.of(new String(in.readAllBytes()).split("\n"));
        }
    }

    private static byte[] entry(Path tarball, String name) throws IOException {
        Process p = new ProcessBuilder("tar", "-xOf", tarball.toString(), name)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (InputStream in = p.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
