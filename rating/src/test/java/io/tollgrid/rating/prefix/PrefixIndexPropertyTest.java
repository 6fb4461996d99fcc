package io.tollgrid.rating.prefix;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PrefixIndexPropertyTest {
    @Provide
    Arbitrary<Set<String>> prefixSets() {
        return Arbitraries.strings().withChars("0123").ofMinLength(1).ofMaxLength(7).set().ofMaxSize(300);
    }

    @Provide
    Arbitrary<List<String>> numbers() {
        return Arbitraries.strings().withChars("0123").ofMinLength(1).ofMaxLength(10).list().ofSize(50);
    }

    @Property(tries = 200)
    void findsTheSameLongestPrefixAsABruteForceScan(@ForAll("prefixSets") Set<String> prefixes,
                                                    @ForAll("numbers") List<String> numbers) {
        long[] keys = prefixes.stream().mapToLong(Digits::pack).toArray();
        PrefixIndex index = PrefixIndex.of(keys);
        for (String number : numbers) {
            String expected = "";
            for (String prefix : prefixes) {
                if (number.startsWith(prefix) && prefix.length() > expected.length()) {
                    expected = prefix;
                }
            }
            int found = index.longestPrefixOf(Digits.pack(number));
            assertEquals(expected, found < 0 ? "" : Digits.unpack(index.keyAt(found)), number);
        }
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
