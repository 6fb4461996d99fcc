package io.tollgrid.rating.deck;

import io.tollgrid.rating.CallType;
import io.tollgrid.rating.prefix.CallTypeTable;
import io.tollgrid.rating.prefix.DialRule;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The deck's normalisation rules by source and its call-type prefix sets. */
final class DialPlan {
    private final Map<String, DialRule> bySource;
    private final DialRule fallback;
    private final CallTypeTable callTypes;
    private final List<DialRule> rules;

    DialPlan(List<DialRule> rules, CallTypeTable callTypes) {
        this.bySource = rules.stream().collect(Collectors.toUnmodifiableMap(DialRule::source, Function.identity()));
        this.fallback = bySource.getOrDefault(DialRule.DEFAULT_SOURCE, DialRule.E164);
        this.callTypes = callTypes;
        this.rules = rules.stream().sorted(Comparator.comparing(DialRule::source)).toList();
    }

    long normalise(String source, CharSequence dialled) {
        DialRule rule = source == null ? fallback : bySource.getOrDefault(source, fallback);
        return rule.normalise(dialled);
    }

    CallType callType(long number) {
        return callTypes.typeOf(number);
    }

    List<DialRule> rules() {
        return rules;
    }

    CallTypeTable callTypes() {
        return callTypes;
    }
}
