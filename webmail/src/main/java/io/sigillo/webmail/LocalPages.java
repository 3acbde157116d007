package io.sigillo.webmail;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;

/**
 * The webmail and the console of one provider in one JVM, for the local run only (ADR 0036): one copy of the classes
 * and one heap for both, each still its own Spring application with its own port, session cookie and pages, as the
 * provider process hosts the five services (ADR 0015). In production they are separate deployments, the console on
 * the admin side. Each group of arguments, groups separated by {@code --}, starts one application.
 */
public final class LocalPages {

    private static final String GROUPS_APART = "--";

    private LocalPages() {
    }

    public static void main(String[] args) {
        List<List<String>> groups = new ArrayList<>(List.of(new ArrayList<>()));
        for (String arg : args) {
            if (arg.equals(GROUPS_APART)) {
                groups.add(new ArrayList<>());
            } else {
                groups.get(groups.size() - 1).add(arg);
            }
        }
        for (List<String> group : groups) {
            SpringApplication.run(WebmailApplication.class, group.toArray(String[]::new));
        }
    }
}
