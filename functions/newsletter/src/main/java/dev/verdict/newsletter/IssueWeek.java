package dev.verdict.newsletter;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.regex.Pattern;

/**
 * An ISO-8601 week in UTC, Monday 00:00 to the next Monday 00:00, named like {@code 2026-W48}. An issue covers one:
 * the week just ended when the schedule fires on Monday morning.
 */
public record IssueWeek(int year, int week) {

    private static final Pattern ID = Pattern.compile("(\\d{4})-W(\\d{2})");

    public IssueWeek {
        if (week < 1 || week > 53 || year < 2000 || year > 9999) {
            throw new IllegalArgumentException("not an ISO week: " + year + "-W" + week);
        }
    }

    /** The last whole week before {@code now}: on Monday 2026-11-30 08:00 that is 2026-W48. */
    public static IssueWeek endedBefore(Instant now) {
        LocalDate lastWeek = now.atZone(ZoneOffset.UTC).toLocalDate().minusWeeks(1);
        return of(lastWeek);
    }

    static IssueWeek of(LocalDate day) {
        return new IssueWeek(day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** Parses an id such as {@code 2026-W48}; anything else (or a week the year does not have) is empty. */
    public static java.util.Optional<IssueWeek> parse(String id) {
        var m = id == null ? null : ID.matcher(id);
        if (m == null || !m.matches()) {
            return java.util.Optional.empty();
        }
        try {
            IssueWeek week = new IssueWeek(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            return of(week.monday()).equals(week) ? java.util.Optional.of(week) : java.util.Optional.empty();
        } catch (IllegalArgumentException outOfRange) {
            return java.util.Optional.empty();
        }
    }

    public String id() {
        return "%04d-W%02d".formatted(year, week);
    }

    public Instant start() {
        return monday().atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public Instant end() {
        return monday().plusWeeks(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start()) && instant.isBefore(end());
    }

    private LocalDate monday() {
        // The 4th of January is always in week 1 of its week-based year.
        return LocalDate.of(year, 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }
}
