package io.pulsecrm.notification.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The local-time arithmetic of quiet hours and digests: windows over midnight, time zones, daylight saving. */
class QuietHoursAndDigestTimesTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aWindowOverMidnightEndsTheNextMorningInTheRecipientsZone() {
        QuietHours night = new QuietHours("22:00", "07:00");
        assertThat(night.endOfWindowAt(at("2026-11-22T23:30").toInstant(), BERLIN)).contains(at("2026-11-23T07:00").toInstant());
        assertThat(night.endOfWindowAt(at("2026-11-23T06:59").toInstant(), BERLIN)).contains(at("2026-11-23T07:00").toInstant());
        assertThat(night.endOfWindowAt(at("2026-11-23T07:00").toInstant(), BERLIN)).isEmpty(); // the end is not inside
        assertThat(night.endOfWindowAt(at("2026-11-22T21:59").toInstant(), BERLIN)).isEmpty();
        assertThat(night.endOfWindowAt(at("2026-11-22T22:00").toInstant(), BERLIN)).contains(at("2026-11-23T07:00").toInstant());
        // 23:30 in Berlin is 22:30 UTC: the same instant is outside quiet hours for a user in New York (17:30)
        assertThat(night.endOfWindowAt(at("2026-11-22T23:30").toInstant(), ZoneId.of("America/New_York"))).isEmpty();
    }

    @Test
    void aDaytimeWindowEndsTheSameDay() {
        QuietHours lunch = new QuietHours("12:00", "13:30:15");
        assertThat(lunch.endOfWindowAt(at("2026-11-22T12:10").toInstant(), BERLIN)).contains(
                ZonedDateTime.of(LocalDateTime.parse("2026-11-22T13:30:15"), BERLIN).toInstant());
        assertThat(lunch.endOfWindowAt(at("2026-11-22T13:31").toInstant(), BERLIN)).isEmpty();
        assertThat(lunch.endOfWindowAt(at("2026-11-22T11:59").toInstant(), BERLIN)).isEmpty();
    }

    @Test
    void anEndInTheSpringForwardGapMovesOnByTheGap() {
        // Berlin, 29 March 2026: 02:00 → 03:00; quiet hours ending at 02:30 (which does not exist that night) end an
        // hour later by the clock, 03:30 CEST (01:30 UTC): as long after 23:00 as on any other night
        QuietHours night = new QuietHours("23:00", "02:30");
        assertThat(night.endOfWindowAt(at("2026-03-29T01:30").toInstant(), BERLIN)).contains(Instant.parse("2026-03-29T01:30:00Z"));
    }

    @Test
    void aWindowMustHaveALength() {
        assertThatThrownBy(() -> new QuietHours("07:00", "07:00")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anItemGoesToTheFirstDigestAfterIt() {
        DailyDigest digest = new DailyDigest("08:00", List.of("task_reminder"));
        assertThat(digest.nextAfter(at("2026-11-22T07:59").toInstant(), BERLIN)).isEqualTo(at("2026-11-22T08:00"));
        assertThat(digest.nextAfter(at("2026-11-22T08:00").toInstant(), BERLIN)).isEqualTo(at("2026-11-23T08:00"));
        assertThat(digest.nextAfter(at("2026-11-22T19:00").toInstant(), BERLIN)).isEqualTo(at("2026-11-23T08:00"));
        // across the autumn change (25 October 2026) the digest stays at 08:00 local
        ZonedDateTime afterChange = digest.nextAfter(at("2026-10-24T09:00").toInstant(), BERLIN);
        assertThat(afterChange.toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-10-25T08:00"));
        assertThat(afterChange.toInstant()).isEqualTo(Instant.parse("2026-10-25T07:00:00Z"));
        assertThat(digest.covers("task_reminder")).isTrue();
        assertThat(digest.covers("deal_won")).isFalse();
    }

    private static ZonedDateTime at(String localDateTime) {
        return ZonedDateTime.of(LocalDateTime.parse(localDateTime), BERLIN);
    }
}
