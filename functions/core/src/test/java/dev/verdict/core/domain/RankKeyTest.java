package dev.verdict.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RankKeyTest {

    @Test
    void ordersByTheLowerBoundOfTheShipShareThenByMoreVotesThenByName() {
        String strong = RankKey.of(new Tally(40, 2), "Zed", "zed");
        String weak = RankKey.of(new Tally(2, 1), "Aider", "aider");
        String moreVotesNoShip = RankKey.of(new Tally(0, 9), "Zed", "zed");
        String fewerVotesNoShip = RankKey.of(new Tally(0, 1), "Aider", "aider");
        String sameButLaterName = RankKey.of(new Tally(0, 1), "Bolt", "bolt");

        assertThat(strong).isLessThan(weak);
        assertThat(weak).isLessThan(moreVotesNoShip);
        assertThat(moreVotesNoShip).isLessThan(fewerVotesNoShip);
        assertThat(fewerVotesNoShip).isLessThan(sameButLaterName);
    }

    @Test
    void writesEachNumberAsFixedWidthDigitsSoKeysCompareComponentByComponent() {
        // A key is compared as text by the index: a component of varying width (or a sign) would let the name or a
        // later number decide before the earlier number does.
        for (Tally tally : new Tally[] {Tally.EMPTY, new Tally(1, 0), new Tally(3, 4), new Tally(0, 123_456)}) {
            assertThat(RankKey.of(tally, "Aider", "aider")).matches("\\d{5}#\\d{19}#Aider#aider");
            assertThat(RankKey.trending(tally, new Tally(7, 1), "Aider", "aider"))
                    .matches("\\d{5}#\\d{5}#\\d{19}#Aider#aider");
        }
    }

    @Test
    void ordersTrendingByTheLastDayFirstThenTheCommunityThenTheDaysVotes() {
        String hotToday = RankKey.trending(new Tally(6, 0), Tally.EMPTY, "Zed", "zed");
        String quietTodayStrongOverall = RankKey.trending(Tally.EMPTY, new Tally(90, 1), "Aider", "aider");
        String quietTodayWeakOverall = RankKey.trending(Tally.EMPTY, new Tally(1, 1), "Aider", "aider");
        String sameShareMoreVotesToday = RankKey.trending(new Tally(0, 5), Tally.EMPTY, "Zed", "zed");
        String sameShareFewerVotesToday = RankKey.trending(new Tally(0, 2), Tally.EMPTY, "Aider", "aider");

        assertThat(hotToday).isLessThan(quietTodayStrongOverall);
        assertThat(quietTodayStrongOverall).isLessThan(quietTodayWeakOverall);
        assertThat(sameShareMoreVotesToday).isLessThan(sameShareFewerVotesToday);
        assertThat(RankKey.trending(Tally.EMPTY, Tally.EMPTY, "Aider", "aider")).endsWith("#Aider#aider");
    }
}
