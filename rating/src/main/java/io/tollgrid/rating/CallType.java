package io.tollgrid.rating;

/** What kind of call a destination is, decided by configurable prefix sets; reports and discounts key on it. */
public enum CallType {
    LOCAL, NATIONAL, MOBILE, INTERNATIONAL, PREMIUM, EMERGENCY, FREE
}
