package io.tollgrid.rating.prefix;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PrefixIndexPropertyTest {
    /** Few distinct digits make prefixes nest and touch; 9 and 0 are the edges of the digit order and the buckets. */
    @Provide
    Arbitrary<Set<String>> prefixSets() {
        return Arbitraries.strings().withChars("0189").ofMinLength(1).ofMaxLength(16).set().ofMaxSize(300);
    }

    @Provide
    Arbitrary<List<String>> numbers() {
        return Arbitraries.strings().withChars("01289").ofMinLength(1).ofMaxLength(18).list().ofSize(50);
    }

    @Property(tries = 300)
    void findsTheSameLongestPrefixAndValueAsABruteForceScan(@ForAll("prefixSets") Set<String> prefixes,
                                                            @ForAll("numbers") List<String> numbers) {
        List<String> sample = new ArrayList<>(numbers);
        for (String prefix : prefixes) {
            // The prefix itself and its neighbours in order: the first and last numbers it covers.
            sample.add(prefix);
            sample.add(prefix + "9999999999999999");
            sample.add(prefix + "0");
        }
        long[] keys = prefixes.stream().mapToLong(Digits::pack).toArray();
        PrefixIndex plain = PrefixIndex.of(keys);
        int[] values = new int[plain.size()];
        for (int position = 0; position < values.length; position++) {
            values[position] = position % 3 == 0 ? PrefixIndex.NO_VALUE : 1000 + position;
        }
        PrefixIndex index = plain.withValues(values);
        for (String number : sample) {
            String truncated = number.length() > Digits.MAX_DIGITS ? number.substring(0, Digits.MAX_DIGITS) : number;
            String expected = "";
            for (String prefix : prefixes) {
                if (truncated.startsWith(prefix) && prefix.length() > expected.length()) {
                    expected = prefix;
                }
            }
            long packed = Digits.pack(number);
            int found = index.longestPrefixOf(packed);
            assertEquals(expected, found < 0 ? "" : Digits.unpack(index.keyAt(found)), number);
            assertEquals(found, plain.longestPrefixOf(packed), number);
            long match = index.matchOf(packed);
            assertEquals(found < 0 ? PrefixIndex.NO_VALUE : values[found], PrefixIndex.matchedValue(match), number);
        }
        long[] packed = sample.stream().mapToLong(Digits::pack).toArray();
        long[] matches = new long[packed.length];
        index.matchAll(packed, matches, packed.length);
        for (int i = 0; i < packed.length; i++) {
            assertEquals(index.matchOf(packed[i]), matches[i], "matchAll of " + sample.get(i));
        }
    }

    @Property(tries = 100)
    void parentIsTheLongestProperPrefixInTheSet(@ForAll("prefixSets") Set<String> prefixes) {
        PrefixIndex index = PrefixIndex.of(prefixes.stream().mapToLong(Digits::pack).toArray());
        for (int position = 0; position < index.size(); position++) {
            String key = Digits.unpack(index.keyAt(position));
            assertEquals(position, index.positionOf(index.keyAt(position)));
            String expected = "";
            for (String prefix : prefixes) {
                if (key.startsWith(prefix) && prefix.length() < key.length() && prefix.length() > expected.length()) {
                    expected = prefix;
                }
            }
            int parent = index.parentOf(position);
            assertEquals(expected, parent < 0 ? "" : Digits.unpack(index.keyAt(parent)), key);
        }
    }

    @Test
    void aPrefixEndingInNineHandsItsNeighboursBackToItsParent() {
        PrefixIndex index = PrefixIndex.of(new long[]{Digits.pack("35"), Digits.pack("359"), Digits.pack("36")});
        assertEquals("359", Digits.unpack(index.keyAt(index.longestPrefixOf(Digits.pack("3599999")))));
        assertEquals("35", Digits.unpack(index.keyAt(index.longestPrefixOf(Digits.pack("358")))));
        assertEquals("36", Digits.unpack(index.keyAt(index.longestPrefixOf(Digits.pack("360")))));
        assertEquals(-1, index.longestPrefixOf(Digits.pack("37")));
        assertEquals(-1, index.longestPrefixOf(Digits.pack("34999")));
        assertEquals(-1, index.longestPrefixOf(Digits.pack("9")));
    }

    @Test
    void packingKeepsLexicographicOrderAndLength() {
        assertEquals(3, Digits.length(Digits.pack("359")));
        assertEquals("0359", Digits.unpack(Digits.pack("0359")));
        assertEquals(16, Digits.length(Digits.pack("12345678901234567890")));
        assertEquals(Digits.EMPTY, Digits.pack("12a"));
        assertEquals(-1, Long.compareUnsigned(Digits.pack("35"), Digits.pack("359")));
        assertEquals(-1, Long.compareUnsigned(Digits.pack("3599"), Digits.pack("36")));
    }
}
