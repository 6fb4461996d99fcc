/**
 * Exact money: amounts as long micro-units, percentages as parts per million, and the named rounding
 * rules. Every division of money in Tollgrid goes through {@link io.tollgrid.money.Rounding}; nothing
 * here knows about calls or tariffs.
 */
package io.tollgrid.money;
