package io.sigillo.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Time comes from one place. Production code reads "now" only from the injected {@link Clock}; tests only from
 * the tests' time ({@code io.sigillo.infra.TestTime}), which a system property can move, or from a clock built on
 * it. Anything else that reads the system clock ({@code Instant.now()}, {@code LocalDate.now()},
 * {@code System.currentTimeMillis()}, {@code new Date()}, {@code Clock.systemUTC()} and their kin, called or
 * passed as a method reference) fails the build, but for the few places listed in {@link #MAY_READ_THE_SYSTEM_CLOCK}.
 * Elapsed time ({@code System.nanoTime()}) is not a date and stays allowed.
 */
class TimeSourcesTest {

    /** Where the system clock may be read, and why: nowhere else. */
    static final Map<String, String> MAY_READ_THE_SYSTEM_CLOCK = Map.of(
            "io.sigillo.support.ServiceSupport.clock", "the services' Clock bean: production's one time source",
            "io.sigillo.webmail.message.MessageReadingConfiguration.clock",
            "the webmail's Clock bean, which states when it verified a message",
            "io.sigillo.pec.cli.PecTool.main", "a command-line program: its clock is the system's",
            "io.sigillo.pec.pki.DemoPki.main", "a command-line program: its clock is the system's",
            "io.sigillo.infra.TestTime.now", "the tests' one time source, which the shift moves",
            "io.sigillo.bench.load.LoadBenchmark.main", "a command-line program timing rows the services date",
            "io.sigillo.bench.load.ChaosRun.main", "a command-line program counting rows the services date");

    private static final Set<String> DATE_TIME_CLASSES = Set.of("java.time.Instant", "java.time.LocalDate",
            "java.time.LocalDateTime", "java.time.LocalTime", "java.time.ZonedDateTime", "java.time.OffsetDateTime",
            "java.time.OffsetTime", "java.time.Year", "java.time.YearMonth", "java.time.MonthDay");

    @Test
    void noCodeReadsTheSystemClockButTheListedPlaces() {
        JavaClasses classes = ProjectClasses.all();

        assertThat(classes.contain("io.sigillo.accesspoint.AccessPointApplication")).as("main classes read").isTrue();
        assertThat(classes.contain("io.sigillo.auditlog.chain.TamperEvidentLogTest")).as("test classes read").isTrue();
        assertThat(readsOfTheSystemClock(classes.that(DescribedPredicate.not(
                JavaClass.Predicates.belongToAnyOf(ReadsTheSystemClock.class))))).isEmpty();
    }

    @Test
    void everyListedExceptionStillExists() {
        List<String> codeUnits = ProjectClasses.all().stream().flatMap(c -> c.getCodeUnits().stream())
                .map(TimeSourcesTest::name).toList();

        assertThat(codeUnits).containsAll(MAY_READ_THE_SYSTEM_CLOCK.keySet());
    }

    @Test
    void theRuleFindsEveryWayOfReadingTheSystemClock() {
        JavaClasses fixture = new ClassFileImporter().importPackagesOf(ReadsTheSystemClock.class)
                .that(JavaClass.Predicates.belongToAnyOf(ReadsTheSystemClock.class));

        assertThat(readsOfTheSystemClock(fixture)).hasSize(ReadsTheSystemClock.READS)
                .allMatch(read -> read.contains(ReadsTheSystemClock.class.getSimpleName()));
    }

    /** Each access, outside the listed places, to a method or constructor that reads the system clock. */
    static List<String> readsOfTheSystemClock(JavaClasses classes) {
        return classes.stream().flatMap(c -> c.getAccessesFromSelf().stream())
                .filter(access -> readsTheSystemClock(access.getTarget()))
                .filter(access -> !MAY_READ_THE_SYSTEM_CLOCK.containsKey(name(access.getOrigin())))
                .map(JavaAccess::getDescription).sorted().toList();
    }

    private static boolean readsTheSystemClock(AccessTarget target) {
        String owner = target.getOwner().getName();
        String name = target.getName();
        List<JavaClass> parameters = target instanceof AccessTarget.CodeUnitAccessTarget unit
                ? unit.getRawParameterTypes() : List.of();
        if (DATE_TIME_CLASSES.contains(owner) && name.equals("now")) {
            // now(Clock) reads the clock it is given; now() and now(ZoneId) read the system's.
            return parameters.stream().noneMatch(p -> p.isEquivalentTo(Clock.class));
        }
        return switch (owner) {
            case "java.time.Clock" -> name.equals("systemUTC") || name.equals("systemDefaultZone")
                    || name.equals("system");
            case "java.lang.System" -> name.equals("currentTimeMillis");
            case "java.util.Date", "java.util.GregorianCalendar" ->
                    name.equals(JavaConstructor.CONSTRUCTOR_NAME) && parameters.isEmpty();
            case "java.util.Calendar" -> name.equals("getInstance");
            default -> false;
        };
    }

    private static String name(JavaCodeUnit unit) {
        return unit.getOwner().getName() + "." + unit.getName();
    }
}
