package io.sigillo.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a kustomization as {@code kubectl kustomize} does, for the features k8s/ uses: resources (files and
 * directories), namespace, strategic-merge patches by path, images and replicas. Any other field is refused,
 * so that an overlay never uses a feature these checks would silently skip.
 */
final class Kustomization {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "namespace", "resources", "patches",
            "images", "replicas");
    /** Strategic merge keys of the lists the manifests patch (from the Kubernetes API's patchMergeKey). */
    private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name",
            "env", "name", "volumes", "name", "volumeMounts", "mountPath", "imagePullSecrets", "name");

    private Kustomization() {
    }

    /** The resources {@code dir}'s kustomization.yaml produces. */
    static List<Map<String, Object>> build(Path dir) {
        Map<String, Object> k = Yaml.document(dir.resolve("kustomization.yaml"));
        for (String field : k.keySet()) {
            if (!SUPPORTED.contains(field)) {
                throw new IllegalArgumentException(dir + ": kustomize field '" + field + "' is not checked here");
            }
        }
        List<Map<String, Object>> resources = new ArrayList<>();
        for (Object entry : (List<?>) k.getOrDefault("resources", List.of())) {
            Path path = dir.resolve(entry.toString()).normalize();
            resources.addAll(Files.isDirectory(path) ? build(path) : Yaml.documents(path));
        }
        for (Map<String, Object> patch : Yaml.maps(k, "patches")) {
            if (patch.keySet().size() != 1 || !patch.containsKey("path")) {
                throw new IllegalArgumentException(dir + ": only patches with a path are checked here: " + patch);
            }
            for (Map<String, Object> doc : Yaml.documents(dir.resolve(patch.get("path").toString()))) {
                Map<String, Object> target = find(resources, doc);
                resources.set(resources.indexOf(target), castMap(merge(target, doc, "")));
            }
        }
        for (Map<String, Object> image : Yaml.maps(k, "images")) {
            resources.forEach(r -> retag(r, image));
        }
        for (Map<String, Object> replicas : Yaml.maps(k, "replicas")) {
            Map<String, Object> target = resources.stream()
                    .filter(r -> r.get("kind").equals("Deployment") && name(r).equals(replicas.get("name")))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("no Deployment " + replicas));
            castMap(target.get("spec")).put("replicas", replicas.get("count"));
        }
        if (k.get("namespace") instanceof String namespace) {
            resources.forEach(r -> castMap(r.get("metadata")).put("namespace", namespace));
        }
        return resources;
    }

    static String name(Map<String, Object> resource) {
        return String.valueOf(Yaml.map(resource, "metadata").get("name"));
    }

    private static Map<String, Object> find(List<Map<String, Object>> resources, Map<String, Object> patch) {
        return resources.stream()
                .filter(r -> r.get("kind").equals(patch.get("kind")) && name(r).equals(name(patch)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("patch for a missing " + patch.get("kind") + " "
                        + name(patch)));
    }

    private static Object merge(Object base, Object patch, String field) {
        if (base instanceof Map<?, ?> b && patch instanceof Map<?, ?> p) {
            Map<String, Object> merged = new LinkedHashMap<>(castMap(b));
            castMap(p).forEach((key, value) -> {
                if (value == null) {
                    merged.remove(key);
                } else {
                    merged.put(key, merge(merged.get(key), value, key));
                }
            });
            return merged;
        }
        String mergeKey = MERGE_KEYS.get(field);
        if (mergeKey != null && base instanceof List<?> b && patch instanceof List<?> p) {
            List<Object> merged = new ArrayList<>(b);
            List<Object> added = new ArrayList<>();
            for (Object element : p) {
                Object key = castMap(element).get(mergeKey);
                int at = -1;
                for (int i = 0; i < merged.size(); i++) {
                    if (key != null && key.equals(castMap(merged.get(i)).get(mergeKey))) {
                        at = i;
                    }
                }
                if (at >= 0) {
                    merged.set(at, merge(merged.get(at), element, ""));
                } else {
                    added.add(element);
                }
            }
            // As kustomize does: what the patch adds comes before what the base had.
            added.addAll(merged);
            return added;
        }
        return patch;
    }

    private static void retag(Map<String, Object> resource, Map<String, Object> image) {
        Map<String, Object> podSpec = Yaml.map(Yaml.map(Yaml.map(resource, "spec"), "template"), "spec");
        for (String list : List.of("containers", "initContainers")) {
            for (Map<String, Object> container : Yaml.maps(podSpec, list)) {
                String ref = String.valueOf(container.get("image"));
                int colon = ref.lastIndexOf(':');
                boolean tagged = colon > ref.lastIndexOf('/');
                String name = tagged ? ref.substring(0, colon) : ref;
                if (name.equals(image.get("name"))) {
                    String newName = String.valueOf(image.getOrDefault("newName", name));
                    Object tag = image.getOrDefault("newTag", tagged ? ref.substring(colon + 1) : null);
                    container.put("image", tag == null ? newName : newName + ":" + tag);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }
}
