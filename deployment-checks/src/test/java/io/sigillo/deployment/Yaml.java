package io.sigillo.deployment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads YAML files, single or multi-document, as plain maps and lists. */
final class Yaml {

    static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());

    private Yaml() {
    }

    /** Every non-empty document of {@code file}. */
    static List<Map<String, Object>> documents(Path file) {
        try (MappingIterator<Map<String, Object>> docs = MAPPER.readerFor(new TypeReference<Map<String, Object>>() {
        }).readValues(file.toFile())) {
            List<Map<String, Object>> out = new ArrayList<>();
            while (docs.hasNext()) {
                Map<String, Object> doc = docs.next();
                if (doc != null && !doc.isEmpty()) {
                    out.add(doc);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The single document of {@code file}. */
    static Map<String, Object> document(Path file) {
        List<Map<String, Object>> docs = documents(file);
        if (docs.size() != 1) {
            throw new IllegalArgumentException(file + " holds " + docs.size() + " documents, expected one");
        }
        return docs.get(0);
    }

    /** Nested keys as dotted names ({@code server.port}), the way Spring flattens application.yml. */
    static Map<String, Object> flatten(Map<String, Object> tree) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", tree, flat);
        return flat;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, Map<String, Object> flat) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, flat));
        } else {
            flat.put(prefix, node);
        }
    }

    /** The map at {@code key}, or an empty one. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> node, String key) {
        Object value = node.get(key);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The list of maps at {@code key}, or an empty one. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Map<String, Object> node, String key) {
        Object value = node.get(key);
        return value instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }
}
