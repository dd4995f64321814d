package dev.verdict.core.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random values of the kinds the functions write (maps, lists, strings, numbers, booleans, null), a few levels deep. */
final class RandomJson {

    private RandomJson() {
    }

    static Object value(Random random) {
        return value(random, 0);
    }

    private static Object value(Random random, int depth) {
        return switch (random.nextInt(depth > 3 ? 6 : 8)) {
            case 0 -> text(random);
            case 1 -> random.nextInt();
            case 2 -> random.nextLong();
            case 3 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            case 4 -> random.nextBoolean();
            case 5 -> null;
            case 6 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(value(random, depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put(text(random), value(random, depth + 1));
                }
                yield map;
            }
        };
    }

    /** Control characters, ASCII, two-byte UTF-8 and any UTF-16 unit (lone surrogates too). */
    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            text.append((char) switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x20);
                case 1 -> 0x20 + random.nextInt(0x60);
                case 2 -> 0x80 + random.nextInt(0x780);
                default -> random.nextInt(0x10000);
            });
        }
        return text.toString();
    }
}
