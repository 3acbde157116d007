package io.sigillo.deployment;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns manifests into fabric8's typed Kubernetes model, refusing kinds, API versions and fields it lacks. */
final class KubernetesModel {

    private record Kind(String apiVersion, Class<? extends HasMetadata> type) {
    }

    private static final Map<String, Kind> KINDS = Map.of(
            "Deployment", new Kind("apps/v1", Deployment.class),
            "StatefulSet", new Kind("apps/v1", StatefulSet.class),
            "Job", new Kind("batch/v1", Job.class),
            "Service", new Kind("v1", Service.class),
            "ConfigMap", new Kind("v1", ConfigMap.class),
            "PodDisruptionBudget", new Kind("policy/v1", PodDisruptionBudget.class),
            "NetworkPolicy", new Kind("networking.k8s.io/v1", NetworkPolicy.class),
            "Ingress", new Kind("networking.k8s.io/v1", Ingress.class));

    private KubernetesModel() {
    }

    /** The typed resource; throws when the kind, its apiVersion or any field is not in the model. */
    static HasMetadata typed(Map<String, Object> manifest) {
        Kind kind = KINDS.get(String.valueOf(manifest.get("kind")));
        if (kind == null) {
            throw new IllegalArgumentException("kind not checked here: " + manifest.get("kind"));
        }
        if (!kind.apiVersion().equals(manifest.get("apiVersion"))) {
            throw new IllegalArgumentException(manifest.get("kind") + " with apiVersion " + manifest.get("apiVersion")
                    + ", expected " + kind.apiVersion());
        }
        HasMetadata resource = Yaml.MAPPER.convertValue(manifest, kind.type());
        List<String> unknown = new ArrayList<>();
        unknownFields(resource, manifest.get("kind") + "/" + resource.getMetadata().getName(), unknown);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("fields the Kubernetes API does not have: " + unknown);
        }
        return resource;
    }

    /** fabric8 keeps fields it does not know in additionalProperties; any there is a typo or a wrong level. */
    private static void unknownFields(Object node, String path, List<String> unknown) {
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), path + "[" + i + "]", unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown));
            return;
        }
        if (node == null || !node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else {
                String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
                unknownFields(value, path + "." + field, unknown);
            }
        }
    }
}
