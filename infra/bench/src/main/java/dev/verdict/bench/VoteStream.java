package dev.verdict.bench;

import java.util.ArrayList;
import java.util.List;

/** Stream records of new votes, as the votes table's stream carries them (NEW_AND_OLD_IMAGES). */
final class VoteStream {

    private VoteStream() {
    }

    /** A batch of {@code size} vote inserts for sample {@code n}: distinct voters, the sample tool, verdict ship. */
    static List<String> batch(int n, int size) {
        List<String> args = new ArrayList<>(List.of("kind=dynamodb"));
        for (int i = 0; i < size; i++) {
            String r = "record." + i + ".";
            String voter = "bench-" + n + "-" + i;
            args.add(r + "eventName=INSERT");
            args.add(r + "seq=" + String.format("%021d", (long) n * 1000 + i + 1));
            args.add(r + "keys.pk=S:VOTER#" + voter);
            args.add(r + "keys.sk=S:TOOL#" + SampleEvents.TOOL);
            args.add(r + "new.pk=S:VOTER#" + voter);
            args.add(r + "new.sk=S:TOOL#" + SampleEvents.TOOL);
            args.add(r + "new.verdict=S:ship");
        }
        return args;
    }
}
