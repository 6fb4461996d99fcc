package io.tollgrid.gateway.cdrs;

import io.tollgrid.history.RatedCdr;
import io.tollgrid.rating.deck.Rate;
import io.tollgrid.rating.deck.RateDeck;
import io.tollgrid.rating.deck.RatePlan;
import io.tollgrid.rating.prefix.Digits;

import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The destination name of a rated CDR ("United Kingdom - Mobile"), read from the rate deck that priced it rather
 * than stored with the CDR: a deck rate's id names its plan, matched prefix and deck version
 * ({@code plan/prefix@vN}), and that rate's {@code description} is the name. So CDRs written before names were
 * shown get them too, and a deck is the one place a destination is named (docs/api.md, "CDR search and export").
 *
 * <p>The version that priced the call is used when this node holds it compiled; otherwise the active deck, if its
 * rate for the same plan and prefix at the call's start is the same prefix (names rarely change between versions).
 * Nothing is compiled for a name. A flat-rate call, an unrated one, a feature code or a prefix the deck no longer
 * has has no name (null).
 */
public final class DestinationNames {
    private static final Pattern DECK_RATE_ID = Pattern.compile("^([^/]+)/([0-9]{1,16})@v([0-9]{1,18})$");

    private final LongFunction<RateDeck> heldVersion;
    private final Supplier<RateDeck> active;

    /**
     * @param heldVersion the compiled deck of a version if this node holds it, else null (never compiles)
     * @param active      the active deck
     */
    public DestinationNames(LongFunction<RateDeck> heldVersion, Supplier<RateDeck> active) {
        this.heldVersion = heldVersion;
        this.active = active;
    }

    public String of(RatedCdr cdr) {
        Matcher id = DECK_RATE_ID.matcher(cdr.rateId() == null ? "" : cdr.rateId());
        if (!id.matches()) {
            return null;
        }
        String planId = id.group(1);
        String prefix = id.group(2);
        long version = Long.parseLong(id.group(3));
        long startSecond = cdr.startTime().getEpochSecond();
        String name = nameIn(heldVersion.apply(version), planId, prefix, startSecond);
        return name != null ? name : nameIn(active.get(), planId, prefix, startSecond);
    }

    private static String nameIn(RateDeck deck, String planId, String prefix, long startSecond) {
        RatePlan plan = deck == null ? null : deck.plan(planId);
        if (plan == null) {
            return null;
        }
        Rate rate = plan.find(Digits.pack(prefix), startSecond);
        if (!prefix.equals(rate.prefix()) || rate.destination() == null) {
            return null;
        }
        String description = rate.destination().description();
        return description == null || description.isBlank() ? null : description;
    }
}
