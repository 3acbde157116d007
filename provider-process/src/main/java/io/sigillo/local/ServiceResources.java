package io.sigillo.local;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Collections;
import java.util.Enumeration;
import java.util.regex.Pattern;

/**
 * One service's view of the shared class path: classes and shared resources come from the parent, but the
 * service's own configuration files and database migrations only from its own jar, where every service keeps
 * them under the same names.
 */
final class ServiceResources extends ClassLoader {

    /** What each service has under the same name: its configuration and its Flyway migrations. */
    private static final Pattern OWN = Pattern.compile("application(-[^/]*)?\\.(yml|yaml|properties)"
            + "|db/migration(/.*)?");

    static {
        registerAsParallelCapable();
    }

    private final URLClassLoader own;

    ServiceResources(Class<?> application) {
        super(application.getName() + " resources", application.getClassLoader());
        this.own = new URLClassLoader(new URL[] {application.getProtectionDomain().getCodeSource().getLocation()},
                null);
    }

    @Override
    public URL getResource(String name) {
        return own(name) ? own.findResource(name) : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (!own(name)) {
            return super.getResources(name);
        }
        Enumeration<URL> found = own.findResources(name);
        return found == null ? Collections.emptyEnumeration() : found;
    }

    private static boolean own(String name) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        return OWN.matcher(path.endsWith("/") ? path.substring(0, path.length() - 1) : path).matches();
    }
}
